"""The library's admin import and export, with the defaults that lose data fixed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from import_export.tmp_storages import CacheStorage

from .formats import SAFE_FORMATS
from .limits import check_upload_size, limits
from .messages import ImportFileError
from .preview import import_preview


class SafeImportForm(ImportForm):
    """The library's import form, refusing a file over the upload limit on its size: before
    the library copies it into the cache and reads it (a 30 MB file took 4.5 s to be told
    "'ValueError' encountered")."""

    def clean_import_file(self) -> Any:
        upload = self.cleaned_data["import_file"]
        try:
            check_upload_size(upload.size, limits())
        except ImportFileError as error:
            raise forms.ValidationError(str(error), code="too_big") from error
        return upload


class ImportNeedsAddAndChange:
    """Importing a model needs its import permission and its add and change permissions.

    A file adds and changes rows: a role that may only view press contacts must not rewrite
    them through an import, whatever its import permission says.
    """

    def has_import_permission(self, request: HttpRequest) -> bool:
        return (
            super().has_import_permission(request)
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )


class SafeImportExportMixin(ImportNeedsAddAndChange, ImportExportMixin):
    """The library's admin import/export, with the defaults that lose data fixed.

    Formats that read the first sheet and ODS at all, and escape every formula start on
    export; the upload kept in the shared cache between preview and confirm; the confirm step
    rolls back on validation errors and never reports success over an import that did not
    happen.
    """

    import_formats = SAFE_FORMATS
    export_formats = SAFE_FORMATS
    import_form_class = SafeImportForm
    # The upload waits for confirm in the shared cache, not on one app server's disk.
    tmp_storage_class = CacheStorage
    # The library's page, without the Python traceback (server paths) under a file's errors.
    import_template_name = "admin/import_export/safe_import.html"

    def get_import_formats(self) -> list:
        return list(SAFE_FORMATS)

    def get_export_formats(self) -> list:
        return list(SAFE_FORMATS)

    def add_data_read_fail_error_to_form(self, form: forms.Form, e: Exception) -> None:
        # A file our readers refuse (too many rows, columns or characters, a zip bomb, an
        # old .xls) says why, as the results import does, not "'ValueError' encountered".
        if isinstance(e, ImportFileError) or isinstance(e.__cause__, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        data_kwargs["rollback_on_validation_errors"] = True
        return data_kwargs

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        response = super().import_action(request, **kwargs)
        # The page shows the counts and the first rows of each kind, not every row.
        context = getattr(response, "context_data", None) or {}
        if context.get("result") is not None:
            context["preview"] = import_preview(context["result"])
        return response

    @method_decorator(require_POST)
    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        # Confirm removes the upload from the cache: a second click on "Confirm import", or a
        # confirm after the upload expired, would find no file and fail with a server error.
        name = request.POST.get("import_file_name", "")
        if not name or self.get_tmp_storage_class()(name=name).read() is None:
            messages.error(
                request,
                gettext(
                    "Nothing was imported: this upload was already imported, or it waited "
                    "too long. Upload the file again if it still needs importing."
                ),
            )
            return HttpResponseRedirect(self._import_url())
        return super().process_import(request, **kwargs)

    def _import_url(self) -> str:
        return reverse(
            "admin:{}_{}_import".format(*self.get_model_info()),
            current_app=self.admin_site.name,
        )

    def process_result(self, result: Any, request: HttpRequest) -> HttpResponse:
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                gettext(
                    "Nothing was imported: the file no longer passes validation "
                    "(%(invalid)s invalid rows, %(errors)s errors). Preview it again."
                )
                % {"invalid": len(result.invalid_rows), "errors": len(result.base_errors)},
            )
            return HttpResponseRedirect(self._import_url())
        return super().process_result(result, request)
