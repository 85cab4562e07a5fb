"""Admin import and export screens: django-import-export's buttons, URLs and permission codes.

Results use this project's own core (`importing`, `exporting`): the library's row-by-row path
is about 80x slower than bulk inserts, and its confirm step can commit part of a file and still
report success. Schools and press contacts are small tables and keep the library's path, with
its sharp edges filed off (`spreadsheets.admin.SafeImportExportMixin`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin

from spreadsheets.admin import ImportNeedsAddAndChange
from spreadsheets.limits import limits

from .background import background_threshold, enqueue_import, log_import
from .exporting import FORMATS, export_filename, export_results
from .importing.report import ImportReport
from .importing.service import Options, preview_import, run_import
from .importing.stash import discard_upload, stash_upload, unstash_upload
from .models import Edition, Ranking

# The preview lists this many errors, and this many changes in each table; the counts always
# cover the whole file. A whole edition changes some 20,000 results: a page of them all was
# 17,000 px tall, with the only Confirm button at the bottom.
SHOWN = 500
SHOWN_PER_TABLE = 200


def _sdg_label(number: int) -> str:
    return gettext("SDG %(number)s") % {"number": number}


# Evaluated when the form is shown, in the editor's language, not once at import time.
sdg_label = lazy(_sdg_label, str)


class ResultImportForm(forms.Form):
    import_file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV, Excel (.xlsx or old .xls) or OpenDocument (.ods): long, wide or a THE table."
        ),
    )
    year = forms.IntegerField(
        label=_("Edition"),
        min_value=2000,
        max_value=2100,
        help_text=_("The edition's year, e.g. 2021."),
    )
    table = forms.ChoiceField(
        label=_("Table"),
        required=False,
        choices=[("", _("— the file says (long or wide layout) —")), ("overall", _("Overall"))]
        + [(f"sdg{n}", sdg_label(n)) for n in range(1, 18)],
        help_text=_("Only for a single THE table (rank, name, country): which table it is."),
    )
    ranking = forms.ModelChoiceField(
        label=_("Ranking"),
        queryset=Ranking.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="THE Impact Rankings",
        help_text=_("The edition is created in this ranking if it does not exist yet."),
    )
    sheet = forms.CharField(
        label=_("Sheet"), required=False, help_text=_("Leave empty to read the first sheet.")
    )

    def clean_import_file(self) -> Any:
        upload = self.cleaned_data["import_file"]
        limit = limits().max_upload_bytes
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB."),
                code="too_big",
                params={
                    "size": number_format(upload.size / 1048576, 1),
                    "limit": number_format(limit / 1048576, 1),
                },
            )
        return upload


class ResultConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    # How many rows the preview counted: big files go to the background worker.
    rows = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    fingerprint = forms.CharField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput)
    table = forms.CharField(required=False, widget=forms.HiddenInput)
    ranking = forms.SlugField(required=False, widget=forms.HiddenInput)
    sheet = forms.CharField(required=False, widget=forms.HiddenInput)
    filename = forms.CharField(required=False, widget=forms.HiddenInput)


class ResultExportForm(forms.Form):
    edition = forms.ModelChoiceField(
        queryset=Edition.objects.select_related("ranking").order_by("ranking__name", "-year"),
        label=_("Edition"),
    )
    format = forms.ChoiceField(
        choices=[(name, name.upper()) for name in FORMATS], label=_("Format")
    )


class ResultImportExportMixin(ImportNeedsAddAndChange, ImportExportMixin):
    """Import with preview and all-or-nothing confirm; export in the long layout."""

    result_import_template = "admin/rankings/result/import.html"
    result_export_template = "admin/rankings/result/export.html"

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ResultImportForm(request.POST or None, request.FILES or None)
        context: dict[str, Any] = {"form": form}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            data = upload.read()
            ranking = form.cleaned_data["ranking"]
            options = Options.build(
                year=form.cleaned_data["year"],
                ranking=ranking.slug if ranking else None,
                table=form.cleaned_data["table"],
                sheet=form.cleaned_data["sheet"],
                filename=upload.name,
            )
            report = preview_import(data, options=options)
            context["report"] = report
            if report.ok:
                context["confirm_form"] = ResultConfirmForm(
                    initial={
                        "token": stash_upload(data),
                        "rows": report.rows,
                        "fingerprint": report.fingerprint,
                        "year": options.year,
                        "ranking": options.ranking,
                        "table": options.table or "",
                        "sheet": options.sheet or "",
                        "filename": options.filename,
                    }
                )
        return self._render_import(request, context)

    @method_decorator(require_POST)
    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ResultConfirmForm(request.POST)
        import_url = reverse("admin:rankings_result_import", current_app=self.admin_site.name)
        data = unstash_upload(form.data.get("token", "")) if form.is_valid() else None
        if data is None:
            messages.error(
                request,
                gettext(
                    "Nothing was written: this upload was already imported, or it waited more "
                    "than an hour. Upload the file again if it still needs importing."
                ),
            )
            return HttpResponseRedirect(import_url)
        options = Options.build(
            year=form.cleaned_data["year"],
            ranking=form.cleaned_data["ranking"],
            table=form.cleaned_data["table"],
            sheet=form.cleaned_data["sheet"],
            filename=form.cleaned_data["filename"],
        )
        if (form.cleaned_data["rows"] or 0) > background_threshold():
            job = enqueue_import(
                data,
                options=options,
                expected_fingerprint=form.cleaned_data["fingerprint"],
                user=request.user,
                # The worker writes the outcome in the language this editor reads.
                language=getattr(request, "LANGUAGE_CODE", None) or get_language() or "",
            )
            discard_upload(form.cleaned_data["token"])
            rows = form.cleaned_data["rows"]
            messages.info(
                request,
                ngettext(
                    "%(rows)s row is being imported in the background; "
                    "this page shows how far it has got.",
                    "%(rows)s rows are being imported in the background; "
                    "this page shows how far it has got.",
                    rows,
                )
                % {"rows": number_format(rows, force_grouping=True)},
            )
            return HttpResponseRedirect(
                reverse(
                    "admin:rankings_importjob_change",
                    args=[job.pk],
                    current_app=self.admin_site.name,
                )
            )
        report = run_import(
            data, options=options, expected_fingerprint=form.cleaned_data["fingerprint"]
        )
        if not report.written:
            messages.error(request, " ".join([gettext("Nothing was written."), *report.errors[:1]]))
            return self._render_import(
                request, {"form": ResultImportForm(), "report": report, "failed": True}
            )
        discard_upload(form.cleaned_data["token"])
        self._log_import(request, options, report)
        messages.success(
            request,
            gettext("Imported into %(edition)s: %(summary)s.")
            % {"edition": report.edition, "summary": report.summary()},
        )
        return HttpResponseRedirect(
            reverse("admin:rankings_result_changelist", current_app=self.admin_site.name)
        )

    def get_urls(self) -> list:
        cancel = path(
            "import/cancel/",
            self.admin_site.admin_view(self.cancel_import),
            name="rankings_result_cancel_import",
        )
        return [cancel, *super().get_urls()]

    @method_decorator(require_POST)
    def cancel_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Cancel on the preview: the stored upload is discarded, nothing is written."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        discard_upload(request.POST.get("token", ""))
        messages.info(
            request,
            gettext("Import cancelled: nothing was written, and the uploaded file was discarded."),
        )
        return HttpResponseRedirect(
            reverse("admin:rankings_result_import", current_app=self.admin_site.name)
        )

    def _log_import(self, request: HttpRequest, options: Options, report: ImportReport) -> None:
        """One entry in the edition's history: bulk writes leave no trace of their own."""
        if not self.get_skip_admin_log():
            log_import(request.user.pk, options, report)

    def _render_import(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        report: ImportReport | None = context.get("report")
        context.update(
            self.admin_site.each_context(request),
            title=gettext("Import results"),
            opts=self.model._meta,
            shown=SHOWN,
            changes=report.changes[:SHOWN] if report else [],
            change_groups=_change_groups(report) if report else [],
            errors=report.errors[:SHOWN] if report else [],
            max_upload_mb=limits().max_upload_bytes / 1048576,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.result_import_template, context)

    def export_action(self, request: HttpRequest) -> HttpResponse:
        if not self.has_export_permission(request):
            raise PermissionDenied
        # From a list filtered on an edition, the export means that edition.
        edition = request.GET.get("edition__id__exact", "")
        form = ResultExportForm(
            request.POST or None, initial={"edition": edition} if edition.isdigit() else {}
        )
        if request.method == "POST" and form.is_valid():
            edition = form.cleaned_data["edition"]
            file_format = form.cleaned_data["format"]
            response = HttpResponse(
                export_results(edition, file_format), content_type=FORMATS[file_format]
            )
            filename = export_filename(edition, file_format)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Export results"),
            "opts": self.model._meta,
            "form": form,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.result_export_template, context)


def _change_groups(report: ImportReport) -> list[dict[str, Any]]:
    """The changes table by table, each with its counts and its first SHOWN_PER_TABLE rows."""
    by_table: dict[str, list] = {label: [] for label in report.tables}
    for change in report.changes:
        by_table.setdefault(change.table, []).append(change)
    return [
        {
            "table": label,
            "counts": report.tables.get(label, {}),
            "changes": changes[:SHOWN_PER_TABLE],
            "total": len(changes),
        }
        for label, changes in by_table.items()
        if changes
    ]
