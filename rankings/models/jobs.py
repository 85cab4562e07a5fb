"""Imports run in the background, with their progress."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The stages a running import goes through, as rankings.background records them.
IMPORT_STAGES = {"reading": _("reading"), "checking": _("checking"), "writing": _("writing")}


class ImportJob(models.Model):
    """A results import running in the background worker, with its progress and outcome.

    The file itself is kept here, not on an app server's disk, so any worker can run it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Nothing written")

    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    # The ranking's slug; empty for THE Impact Rankings, the import's default.
    ranking = models.SlugField(_("ranking"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    table = models.CharField(_("table"), max_length=20, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    expected_fingerprint = models.CharField(_("expected fingerprint"), max_length=64, blank=True)
    data = models.BinaryField(_("file contents"), editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.QUEUED)
    stage = models.CharField(
        _("stage"), max_length=20, blank=True, help_text=_("reading, checking or writing")
    )
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The summary and errors are written in it: the language of the editor who started the job.
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background import")
        verbose_name_plural = _("background imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="import_job_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(rows_total__isnull=True) | Q(rows_done__lte=F("rows_total")),
                name="import_job_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(file)s into %(year)s (%(status)s)") % {
            "file": self.filename or gettext("import"),
            "year": self.year,
            "status": self.get_status_display(),
        }

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_done / self.rows_total))

    @property
    def stage_display(self) -> str:
        """The stage in the reader's language ("reading", "checking" or "writing")."""
        return str(IMPORT_STAGES.get(self.stage, self.stage))
