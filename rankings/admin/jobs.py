"""Background imports, read-only, with their progress."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..importing.plan import DEFAULT_RANKING, DEFAULT_RANKING_FIELDS
from ..models import Edition, ImportJob, Ranking


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Background imports: read-only, with their progress, for whoever may import results."""

    list_display = ["created_at", "filename", "year", "status", "progress", "started_by"]
    list_filter = ["status", "year"]
    list_select_related = ["created_by"]
    fields = ["status", "progress", "summary", "error_list", "filename", "ranking_name", "year"]
    fields += ["table", "sheet", "started_by", "created_at", "finished_at"]
    readonly_fields = fields
    change_form_template = "admin/rankings/importjob/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return request.user.has_perm("rankings.import_result") or super().has_view_permission(
            request, obj
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("data")

    @admin.display(description=_("ranking"))
    def ranking_name(self, job: ImportJob) -> str:
        if not job.ranking:
            return DEFAULT_RANKING_FIELDS["name"]
        return str(Ranking.objects.filter(slug=job.ranking).first() or job.ranking)

    @admin.display(description=_("started by"))
    def started_by(self, job: ImportJob) -> str:
        # Text, not the link to the user's admin page, which data staff may not open.
        user = job.created_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    @admin.display(description=_("progress"))
    def progress(self, job: ImportJob) -> str:
        if job.status == ImportJob.Status.SUCCEEDED and job.rows_total:
            return gettext("%(done)s of %(total)s rows (%(percent)s%%)") % {
                "done": number_format(job.rows_total, force_grouping=True),
                "total": number_format(job.rows_total, force_grouping=True),
                "percent": job.percent,
            }
        if job.finished or job.rows_total is None:
            return job.get_status_display()
        return gettext("%(stage)s: %(done)s of %(total)s rows (%(percent)s%%)") % {
            "stage": job.stage_display,
            "done": number_format(job.rows_done, force_grouping=True),
            "total": number_format(job.rows_total, force_grouping=True),
            "percent": job.percent,
        }

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs):
        # The banner says the progress as the field below does: numbers grouped ("1 000").
        job = context.get("original")
        if job is not None:
            context["progress_text"] = self.progress(job)
            if job.status == ImportJob.Status.SUCCEEDED:
                context["results_url"] = _results_url(job)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("errors"))
    def error_list(self, job: ImportJob) -> str:
        return "\n".join(job.errors) or "—"


def _results_url(job: ImportJob) -> str:
    """The results list filtered on the edition the job imported into."""
    edition = (
        Edition.objects.filter(ranking__slug=job.ranking or DEFAULT_RANKING, year=job.year)
        .values_list("pk", flat=True)
        .first()
    )
    url = reverse("admin:rankings_result_changelist")
    return f"{url}?edition__id__exact={edition}" if edition else url
