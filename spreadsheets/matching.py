"""Which stored row each row of a file updates: every row's instance read in one query.

django-import-export's default loader runs a query per row (`get(slug=...)`), 5,000 for a
5,000-row file; its `CachedInstanceLoader` reads them at once but only for a single import id
field, and press contacts are matched by two (group and name).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from import_export.instance_loaders import ModelInstanceLoader

# Keys per query: far below SQLite's limit on query parameters.
CHUNK = 2_000


class PrefetchingInstanceLoader(ModelInstanceLoader):
    """The stored instances the file's rows name, read before the first row in one query (per
    2,000 rows) on the first import id field, then matched on all of them in memory."""

    def __init__(self, resource: Any, dataset: Any = None) -> None:
        super().__init__(resource, dataset)
        self.fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.instances: dict[tuple[Any, ...], Any] = {}
        self.repeated: set[tuple[Any, ...]] = set()
        headers = list(getattr(dataset, "headers", None) or [])
        if not self.fields or any(field.column_name not in headers for field in self.fields):
            return  # no key column: every row is new
        keys = set()
        for values in dataset:
            key = self._row_key(dict(zip(headers, values, strict=True)))
            if key is not None:
                keys.add(key)
        first = self.fields[0].attribute
        wanted = sorted({key[0] for key in keys}, key=str)
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for instance in self.get_queryset().filter(**{f"{first}__in": chunk}):
                key = self._instance_key(instance)
                if key in self.instances:
                    self.repeated.add(key)
                self.instances[key] = instance

    def get_queryset(self) -> Any:
        # Each row's diff shows its related rows (a school's group): read with it.
        model = self.resource._meta.model
        related = {
            field.attribute
            for field in self.resource.get_import_fields()
            if field.attribute and _is_foreign_key(model, field.attribute)
        }
        return super().get_queryset().select_related(*sorted(related))

    def get_instance(self, row: Any) -> Any:
        key = tuple(self._value(self._clean(field, row)) for field in self.fields)
        if key in self.repeated:
            return super().get_instance(row)  # the library's error for several matches
        return self.instances.get(key)

    def _row_key(self, row: dict[str, Any]) -> tuple[Any, ...] | None:
        try:
            key = tuple(self._value(self._clean(field, row)) for field in self.fields)
        except ValueError:
            return None  # reported against its column when the row is imported
        return None if any(value is None for value in key) else key

    def _clean(self, field: Any, row: Any) -> Any:
        """A key cell, read as the import reads it (each distinct cell once, when it can)."""
        clean = getattr(self.resource, "clean_field", None)
        return field.clean(row) if clean is None else clean(field, row)

    def _instance_key(self, instance: Any) -> tuple[Any, ...]:
        opts = instance._meta
        return tuple(
            getattr(instance, opts.get_field(field.attribute).attname) for field in self.fields
        )

    @staticmethod
    def _value(value: Any) -> Any:
        """A cleaned cell as the key holds it: a related row by its primary key."""
        return getattr(value, "pk", value)


def _is_foreign_key(model: Any, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.many_to_one or field.one_to_one
