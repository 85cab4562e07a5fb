"""django-import-export's resources and widgets, reading each cell as the results import does.

Formulas refused, the CSV export's formula escape removed, spaces trimmed, and a wrong cell
reported in the editor's words against its column. `SafeResource` imports with safe settings:
model validation on, no sequence reset after an import (it collides between two imports on
PostgreSQL and is useless without imported ids), and a row's number as a spreadsheet program
shows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, ngettext
from import_export import exceptions, resources, widgets

from .cells import Cell
from .text import plain_text, reject_special


# --- Widgets: cells read as the results import reads them --------------------------------
def cell_text(value: Cell) -> str:
    """A cell as text, as the results import reads it: a formula, date or boolean refused;
    the apostrophe our CSV export puts before = + - @ tab CR removed; no-break spaces as
    spaces; trimmed. The errors are ValueErrors, which the library reports per row and column.
    """
    reject_special(value)
    return plain_text(value)


class TextWidget(widgets.CharWidget):
    """Text cells; in names (`collapse_spaces`) runs of spaces become one, as in the results
    import, so a name typed with two spaces stays the stored name."""

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


class SafeResource(resources.ModelResource):
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

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # A key cell that cannot be read (a formula, an unknown group) matches no row;
            # import_instance then reports it against its column, not as a server error.
            return None

    def import_data(self, dataset: tablib.Dataset, *args: Any, **kwargs: Any) -> Any:
        result = super().import_data(dataset, *args, **kwargs)
        # The library numbers the rows it read from 1, which is neither the row a spreadsheet
        # program shows (the header is row 1) nor, once blank rows are left out, the n-th row
        # of the file: report the spreadsheet's numbers, as the results import does.
        numbers = getattr(dataset, "row_numbers", None)
        if numbers is not None:
            for row in [*result.invalid_rows, *result.error_rows]:
                if 1 <= row.number <= len(numbers):
                    row.number = numbers[row.number - 1]
        return result

    def before_import(self, dataset: tablib.Dataset, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self._row_numbers = getattr(dataset, "row_numbers", None)
        self._rows_by_key: dict[tuple[Any, ...], int] = {}

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        super().import_instance(instance, row, **kwargs)
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
        number = kwargs.get("row_number") or 0
        numbers = getattr(self, "_row_numbers", None)
        if numbers and 1 <= number <= len(numbers):
            number = numbers[number - 1]
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
        return None
