"""django-import-export's resources and widgets, reading each cell as the results import does.

Formulas refused, the CSV export's formula escape removed, spaces trimmed, and a wrong cell
reported in the editor's words against its column. `SafeResource` imports with safe settings:
model validation on, no sequence reset after an import (it collides between two imports on
PostgreSQL and is useless without imported ids), and a row's number as a spreadsheet program
shows it.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, ngettext
from import_export import exceptions, fields, resources, widgets

from common.pagecache import bump_generation

from . import preview
from .cells import Cell
from .columns import ColumnReader, cleans_by_value
from .matching import PrefetchingInstanceLoader
from .text import plain_text, reject_special
from .validation import RowChecks


# --- Widgets: cells read as the results import reads them --------------------------------
def cell_text(value: Cell) -> str:
    """A cell as text, as the results import reads it: a formula, date or boolean refused;
    the apostrophe our CSV export puts before = + - @ tab CR removed; no-break spaces as
    spaces; trimmed. The errors are ValueErrors, which the library reports per row and column.
    """
    if type(value) is not str:  # a plain str is never a formula, date or boolean
        reject_special(value)
    return plain_text(value)


class TextWidget(widgets.CharWidget):
    """Text cells; in names (`collapse_spaces`) runs of spaces become one, as in the results
    import, so a name typed with two spaces stays the stored name."""

    # What a cell gives depends on the cell alone (not on the row or the data): an import
    # reads each distinct value of the column once (`columns.ColumnReader`).
    cleans_by_value = True

    def __init__(self, *, collapse_spaces: bool = False, **kwargs: Any) -> None:
        self.collapse_spaces = collapse_spaces
        super().__init__(**kwargs)

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> str | None:
        text = cell_text(value)
        if self.collapse_spaces:
            text = " ".join(text.split())
        return text if text or self.allow_blank else None


_WHOLE_NUMBER = re.compile(r"[+-]?\d+(?:\.0*)?")


class WholeNumberWidget(widgets.IntegerWidget):
    """Whole numbers, 2 or 2.0; anything else a message, not decimal's `ConversionSyntax`
    (nor 2.5 silently cut to 2, as the library does)."""

    cleans_by_value = True

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ValueError(gettext("“%(value)s” is not a whole number") % {"value": text})
        return int(text.split(".")[0])


class ChoiceWidget(TextWidget):
    """A choice by its code or its label in any of the site's languages ("member", "Member
    school", "école membre"), compared by `key` (the schools resources pass `name_key`: case,
    accents and spaces aside)."""

    def __init__(self, choices: Any, *, key: Callable[[str], str], **kwargs: Any) -> None:
        self.choices = list(choices)
        self.key = key
        super().__init__(**kwargs)

    @cached_property
    def _codes(self) -> dict[str, str]:
        """Each spelling's key, to its code: worked out once, not for every cell (the labels
        are the same for the life of the process)."""
        codes: dict[str, str] = {}
        for code, label in reversed(self.choices):  # the first choice wins a shared spelling
            codes[self.key(code)] = code
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    codes[self.key(str(label))] = code
        return codes

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> str | None:
        text = super().clean(value, row, **kwargs)
        if not text:
            return None  # the field's default
        code = self._codes.get(self.key(text))
        if code is not None:
            return code
        accepted = ", ".join(f"{code} ({label})" for code, label in self.choices)
        raise ValueError(
            gettext("“%(value)s” is not one of the accepted values: %(accepted)s")
            % {"value": text, "accepted": accepted}
        )


def _copy_once(instance: Any, memo: Any, *, keep: bool = True) -> Any:
    del instance.__dict__["__deepcopy__"]
    # copy.copy(instance), without its trip through pickling's __reduce_ex__ and __setstate__.
    original = instance.__class__.__new__(instance.__class__)
    original.__dict__.update(instance.__getstate__())
    if keep:
        instance._import_original = original  # what the bulk update compares with
    return original


def _blank_once(instance: Any, blank: list[Any], memo: Any) -> Any:
    """The original of a new row: a fresh instance, made once per import and shared."""
    if not blank:
        blank.append(_copy_once(instance, memo))
    else:
        del instance.__dict__["__deepcopy__"]
    return blank[0]


class LazyDiff(resources.Diff, Sequence):
    """The library's diff of a row, read from its instances only when a page shows it: it is
    its own HTML (`as_html`), cells worked out on first reading.

    A page shows some of a file's rows; reading every field of the 5,000 rows of a file twice,
    and diffing them as HTML, was a third of its time. The instances keep still meanwhile: the
    stored one is the library's copy, and nothing changes a row once imported. No list of its
    own until then: each object a row keeps, the garbage collector walks again and again
    during an import.
    """

    left: Sequence[str] = ()
    right: Sequence[str] = ()

    def __init__(self, resource: Any, instance: Any, new: bool) -> None:  # no super(): it reads
        self.resource, self.original, self.instance, self.new = resource, instance, None, new

    def compare_with(self, resource: Any, instance: Any) -> None:
        self.instance = instance

    def as_html(self) -> LazyDiff:
        return self

    @cached_property
    def _cells(self) -> list[str]:
        self.left = self._read_field_values(self.resource, self.original)
        self.right = self._read_field_values(self.resource, self.instance)
        return super().as_html()

    def __getitem__(self, index: Any) -> Any:
        return self._cells[index]

    def __len__(self) -> int:
        return len(self._cells)


class SafeResource(resources.ModelResource):
    """The library's ModelResource, safe and at a fixed number of queries per file.

    The library looks each row up in its own query, validates it with ~20 more (unique
    fields, and each check constraint between savepoints), and has a preview save every row
    in a savepoint it rolls back: a 5,000-row file took 28 s to preview. Here the rows'
    instances are read in one query (`matching`), validation runs in memory against the
    values in use read once (`validation`), and a preview writes nothing.
    """

    # Every text and integer column through the widgets above.
    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "CharField": TextWidget,  # and its subclasses: slug, e-mail, URL
        **{
            name: WholeNumberWidget
            for name, widget in resources.ModelResource.WIDGETS_MAP.items()
            if widget is widgets.IntegerWidget
        },
    }

    @staticmethod
    def column_key(text: str) -> str:
        """How a file's header is compared with the column names (`formats` maps " NAME " to
        "name"): as typed here, since this layer knows no names; the schools resources compare
        them as names are (`name_key`)."""
        return text

    @classmethod
    def widget_kwargs_for_field(cls, field_name: str, django_field: Any) -> dict[str, Any]:
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if django_field.null:
            # An empty cell in a nullable column (a translation) is None, as the admin form
            # stores it: "" would make an exported row a change when it is imported again.
            kwargs["allow_blank"] = False
        return kwargs

    class Meta:
        instance_loader_class = PrefetchingInstanceLoader

    @classmethod
    def get_diff_class(cls) -> type[resources.Diff]:
        return LazyDiff

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        # The library deep-copies each row's instance next, keeping the "original" that
        # "unchanged" and the diff compare with; a shallow copy holds the same (strings and
        # numbers, and related rows no import changes), and deep copies were a sixth of a preview.
        # A new row's original is a fresh instance: one, shared, when every fresh instance is
        # the same (no default worked out per instance, no hook filling it from its row).
        blank = self.__dict__.get("_blank_original")
        if new and blank is not None:
            instance.__deepcopy__ = functools.partial(_blank_once, instance, blank)
        else:
            # A preview writes nothing: the instance need not keep its original for the update.
            keep = not self._is_dry_run(kwargs)
            instance.__deepcopy__ = functools.partial(_copy_once, instance, keep=keep)

    def get_import_fields(self) -> list[Any]:
        # Asked four times a row; the fields do not change during an import.
        if "_import_fields" not in self.__dict__:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def clean_field(self, field: fields.Field, row: Any, **kwargs: Any) -> Any:
        """`field.clean(row)`, worked out once per distinct cell of the column during an
        import when its widget reads a cell alone (`cleans_by_value`)."""
        columns = self.__dict__.get("_columns")
        if columns is None or not cleans_by_value(field):
            return field.clean(row, **kwargs)
        return columns.clean(field, row, kwargs)

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # A key cell that cannot be read (a formula, an unknown group) matches no row;
            # import_instance then reports it against its column, not as a server error.
            return None

    def import_data(
        self, dataset: tablib.Dataset, *args: Any, dry_run: bool = False, **kwargs: Any
    ) -> Any:
        if dry_run:
            # The bulk mode runs rows without a savepoint each; its writes, which a preview
            # would roll back, are skipped (`bulk_create`), as are the per-row saves.
            self._meta = copy.copy(type(self)._meta)
            self._meta.use_bulk = True
            # Nothing is written: one "batch" at the end, not a savepoint every thousand rows.
            self._meta.batch_size = None
        try:
            result = super().import_data(dataset, *args, dry_run=dry_run, **kwargs)
        finally:
            self.__dict__.pop("_meta", None)
        # The library numbers the rows it read from 1, which is neither the row a spreadsheet
        # program shows (the header is row 1) nor, once blank rows are left out, the n-th row
        # of the file: report the spreadsheet's numbers, as the results import does.
        for row in [*result.invalid_rows, *result.error_rows]:
            row.number = self._spreadsheet_row(row.number)
        result.blank_rows = getattr(dataset, "blank_rows", 0)  # counted by the preview
        return result

    def after_import_row(self, row: Any, row_result: Any, **kwargs: Any) -> None:
        super().after_import_row(row, row_result, **kwargs)
        # The preview lists a row under its number in a spreadsheet program.
        row_result.number = self._spreadsheet_row(kwargs.get("row_number") or 0)
        # It lists the first rows of each kind: the others keep no diff, nor their instances
        # through it (an import's objects are what the garbage collector walks, again and
        # again, and at 5,000 rows each full pass took 0.2 s).
        kinds = self.__dict__.setdefault("_rows_by_kind", {})
        kinds[row_result.import_type] = seen = kinds.get(row_result.import_type, 0) + 1
        if seen > preview.SHOWN:
            row_result.diff = row_result.original = None

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        if not self._is_dry_run(kwargs):
            super().save_instance(instance, is_create, row, **kwargs)
            return
        # A preview writes nothing: its instances do not wait in a batch (the library's bulk
        # mode lists every one of them until the end).
        self.before_save_instance(instance, row, **kwargs)
        self.after_save_instance(instance, row, **kwargs)

    def _spreadsheet_row(self, number: int) -> int:
        """The number a spreadsheet program shows for the library's n-th row."""
        numbers = getattr(self, "_row_numbers", None)
        return numbers[number - 1] if numbers and 1 <= number <= len(numbers) else number

    def before_import(self, dataset: tablib.Dataset, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self._row_numbers = getattr(dataset, "row_numbers", None)
        self._rows_by_key: dict[tuple[Any, ...], int] = {}
        self._rows_by_kind: dict[str, int] = {}
        self._columns = ColumnReader(self.get_import_fields())
        fresh_alike = (
            type(self).init_instance is resources.ModelResource.init_instance
            and type(self).after_init_instance is SafeResource.after_init_instance
            and not any(
                field.has_default() and callable(field.default)
                for field in self._meta.model._meta.concrete_fields
            )
        )
        self._blank_original = [] if fresh_alike else None
        self.checks = RowChecks(self._meta.model)

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        """The library's validation (its errors, then the model's `full_clean`), with the model
        checked in memory; a row that passes counts for the unique checks of the rows after it,
        as if it were saved."""
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                self.checks.full_clean(instance, exclude=errors.keys())
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        self.checks.add(instance)

    def bulk_create(
        self, using_transactions: bool, dry_run: bool, *args: Any, **kwargs: Any
    ) -> None:
        if dry_run:
            self.create_instances.clear()  # a preview writes nothing
            return
        # Rows the file changes first: a renamed school frees its name for a new one.
        self.bulk_update(using_transactions, dry_run, *args, **kwargs)
        super().bulk_create(using_transactions, dry_run, *args, **kwargs)

    def bulk_update(
        self,
        using_transactions: bool,
        dry_run: bool,
        raise_errors: bool,
        batch_size: int | None = None,
        result: Any = None,
    ) -> None:
        instances, self.update_instances = self.update_instances, []
        if dry_run:
            return
        # Django's bulk_update writes a CASE with a branch per row for every column it is
        # given (5,000 schools: 7 s); given only the columns that changed, grouped by them,
        # it writes one column when a file changes one (a city).
        model = self._meta.model
        fields = [model._meta.get_field(name) for name in self.get_bulk_update_fields()]
        groups: dict[tuple[str, ...], list[Any]] = {}
        for instance in instances:
            original = instance.__dict__.get("_import_original")
            changed = tuple(
                field.name
                for field in fields
                if original is None
                or original.__dict__.get(field.attname) != instance.__dict__.get(field.attname)
            )
            groups.setdefault(changed, []).append(instance)
        for changed, group in groups.items():
            if not changed:
                continue
            try:
                model.objects.bulk_update(group, list(changed), batch_size=batch_size)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)

    def bulk_delete(
        self, using_transactions: bool, dry_run: bool, *args: Any, **kwargs: Any
    ) -> None:
        if dry_run:
            self.delete_instances.clear()
            return
        super().bulk_delete(using_transactions, dry_run, *args, **kwargs)

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        # The library's import_instance (each field's cell into the instance, the cells that
        # cannot be read reported together), each distinct cell of a column read once: a file
        # repeats its countries and kinds on every row, and the library's five calls a cell
        # were a fifth of a preview.
        columns = self.__dict__.get("_columns")
        if columns is None:
            super().import_instance(instance, row, **kwargs)
        else:
            columns.import_row(self, instance, row, kwargs)
        # Two rows with one key (slug; group and name) would be "new" then "update": the
        # second silently replacing the first. Refuse it, naming the row it repeats.
        names = self.get_import_id_fields()
        values = (self.fields[name].get_value(instance) for name in names)
        key = tuple(getattr(value, "pk", value) for value in values)
        if any(value in (None, "") for value in key):
            return  # no key: a new row, which the model's own constraints check
        seen = getattr(self, "_rows_by_key", None)
        if seen is None:
            return
        number = self._spreadsheet_row(kwargs.get("row_number") or 0)
        if key in seen:
            raise ValidationError(
                {
                    names[-1]: gettext("the same %(columns)s as row %(row)s")
                    % {
                        "columns": ", ".join(self.fields[name].column_name for name in names),
                        "row": seen[key],
                    }
                }
            )
        seen[key] = number

    def _check_import_id_fields(self, headers: list[str] | None) -> None:
        # The library's message is developer speak, and never translated: it fills in the
        # column names before looking the sentence up.
        missing = [
            self.fields[name].column_name
            for name in self.get_import_id_fields()
            if name in self.fields and self.fields[name].column_name not in (headers or [])
        ]
        if missing:
            raise exceptions.FieldError(
                ngettext(
                    "The header row has no %(columns)s column, which rows are matched by.",
                    "The header row has no %(columns)s columns, which rows are matched by.",
                    len(missing),
                )
                % {"columns": ", ".join(missing)}
            )
        super()._check_import_id_fields(headers)

    def after_import(self, dataset: tablib.Dataset, result: Any, **kwargs: Any) -> None:
        # The library resets the table's id sequence here, which two concurrent imports on
        # PostgreSQL collide in; ids are never imported, so the sequence is already right.
        if self._meta.use_bulk and not self._is_dry_run(kwargs):
            # Bulk writes send no post_save, which empties the cached public pages.
            transaction.on_commit(bump_generation)
