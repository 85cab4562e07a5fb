"""A row's cells read into its instance, each distinct cell of a column read once per import.

A file repeats its countries, kinds, groups and cities on every row; the library reads each
cell through five calls (`import_field`, `Field.save`, `Field.clean`, the widget, the cell's
text), and that was a fifth of a 5,000-row preview. A column whose widget reads a cell alone
(`cleans_by_value`) keeps each distinct cell's value, or its error, for the rows after it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.encoding import force_str
from import_export import fields, widgets

from .outcomes import once


def cleans_by_value(field: fields.Field) -> bool:
    """Whether a column's cell is read by the library's plain steps and a widget that reads
    the cell alone (not the row, nor the database as it changes): then each distinct cell
    gives the same value, or the same error."""
    return (
        getattr(field.widget, "cleans_by_value", False)
        and type(field).clean is fields.Field.clean
        and type(field).save is fields.Field.save
        and bool(field.attribute)
        and "__" not in field.attribute
    )


class ColumnReader:
    """The library's `import_instance` for one import, with each column's distinct cells
    read once."""

    def __init__(self, import_fields: list[fields.Field]) -> None:
        self.fields = [
            (field, cleans_by_value(field))
            for field in import_fields
            if not isinstance(field.widget, widgets.ManyToManyWidget)  # as the library
        ]
        self._outcomes: dict[str, dict[Any, Any]] = {}

    def clean(self, field: fields.Field, row: Any, kwargs: dict[str, Any]) -> Any:
        """`field.clean(row)` for a field that `cleans_by_value`, once per distinct cell."""
        column = field.column_name
        if column not in row:
            return field.clean(row, **kwargs)  # the library's error
        raw = row[column]
        # A formula is a str that equals its text, and 1, 1.0 and True are equal: only a
        # plain str is its own key.
        key = raw if type(raw) is str else (type(raw), raw)
        outcomes = self._outcomes.setdefault(column, {})
        return once(outcomes, key, lambda: field.clean(row, **kwargs), ValueError)

    def import_row(self, resource: Any, instance: Any, row: Any, kwargs: dict[str, Any]) -> None:
        """Each field's cell into the instance (`Resource.import_instance`); the cells that
        cannot be read reported together, against their fields."""
        errors = {}
        for field, by_value in self.fields:
            try:
                if not by_value:
                    resource.import_field(field, instance, row, **kwargs)
                elif field.column_name in row and not field.readonly:
                    cleaned = self.clean(field, row, kwargs)
                    if cleaned is not None or field.saves_null_values:
                        setattr(instance, field.attribute, cleaned)
            except ValueError as error:
                errors[field.attribute] = ValidationError(force_str(error), code="invalid")
        if errors:
            raise ValidationError(errors)
