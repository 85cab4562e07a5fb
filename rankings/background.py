"""Large imports in the background: queued in the database, run by `manage.py db_worker`.

The worker runs the same all-or-nothing `run_import` as the admin's confirm step; while it
reads and checks the rows it writes its progress to the job row (outside the import's own
transaction, so the admin sees it move), then the outcome, in the language of the editor who
started it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext

from .importing.plan import DEFAULT_RANKING
from .importing.report import ImportReport
from .importing.service import Options, run_import
from .models import Edition, ImportJob

logger = logging.getLogger(__name__)


def log_import(user_id: int, options: Options, report: ImportReport) -> None:
    """One entry in the edition's history, whoever ran the import (the admin's request or the
    worker): bulk writes leave no trace of their own."""
    LogEntry.objects.log_actions(
        user_id,
        Edition.objects.filter(ranking__slug=options.ranking, year=options.year),
        CHANGE,
        change_message=gettext("Imported results from %(file)s: %(summary)s.")
        % {"file": options.filename or gettext("a file"), "summary": report.summary()},
        single_object=True,
    )


def background_threshold() -> int:
    """Files with more data rows than this are imported by the worker, not in the request."""
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 2000)


def enqueue_import(
    data: bytes,
    *,
    options: Options,
    expected_fingerprint: str,
    user: AbstractBaseUser | None,
    language: str = "",
) -> ImportJob:
    """Queue the import; `language` is the editor's, in which the outcome will be written."""
    job = ImportJob.objects.create(
        data=data,
        filename=options.filename,
        ranking="" if options.ranking == DEFAULT_RANKING else options.ranking,
        year=options.year,
        table=options.table or "",
        sheet=options.sheet or "",
        expected_fingerprint=expected_fingerprint,
        created_by=user if user is not None and user.is_authenticated else None,
        language=language,
    )
    # Only once the job row is committed can a worker on another machine find it.
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


@task()
def run_import_job(job_id: int) -> str:
    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return job.status  # run twice (a worker restarted): the outcome stands
    # One worker serves every editor: the outcome is written in the language of the one who
    # started this job.
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _run(job)


def _run(job: ImportJob) -> str:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, stage="reading")

    def progress(stage: str, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(stage=stage, rows_done=done, rows_total=total)

    options = Options.build(
        year=job.year,
        ranking=job.ranking,
        table=job.table,
        sheet=job.sheet,
        filename=job.filename,
    )
    try:
        report = run_import(
            bytes(job.data),
            options=options,
            expected_fingerprint=job.expected_fingerprint or None,
            progress=progress,
        )
    except Exception:
        # run_import has rolled back; say so rather than leave the job "running" for ever.
        logger.exception("background import %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            errors=[gettext("The import stopped on an unexpected error: nothing was written.")],
            finished_at=timezone.now(),
        )
        raise
    if report.written and job.created_by_id is not None:
        log_import(job.created_by_id, options, report)
    job.refresh_from_db()
    job.status = ImportJob.Status.SUCCEEDED if report.written else ImportJob.Status.FAILED
    job.summary = report.summary() if report.written else gettext("Nothing was written.")
    job.errors = list(report.errors)
    job.stage = ""
    if job.rows_total is not None:
        job.rows_done = job.rows_total
    job.finished_at = timezone.now()
    job.data = b""  # the file is no longer needed once its outcome is recorded
    job.save()
    return job.status
