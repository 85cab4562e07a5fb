"""Model validation for every row of an import, without a query per row.

`Model.full_clean` asks the database about each unique field and constraint (two queries a
school) and evaluates each check constraint in a query between savepoints (three queries each,
fifteen a school): 5,000 rows made 100,000 queries. `RowChecks` reads the values in use once
per import, checks the rows against them and against the file's earlier rows, and evaluates the
check constraints in Python. The messages are Django's own; a constraint it cannot evaluate
(a lookup across a relation, an expression) is still asked of the database.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import router
from django.db.models import CheckConstraint, Model, Q, UniqueConstraint
from django.db.models.expressions import DatabaseDefault

from .outcomes import once

Key = tuple[str, ...]
UNKNOWN = None  # SQL's third truth value: a check constraint passes unless it is false


class RowChecks:
    """`full_clean` for an import's rows: fields and `clean()` as Django runs them; unique
    fields and constraints against the values in use; check constraints in Python."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        opts = model._meta
        # (fields, constraint or None for a field's unique=True / unique_together)
        self.unique: list[tuple[Key, UniqueConstraint | None]] = [
            ((field.name,), None)
            for field in opts.local_fields
            if field.unique and not field.primary_key
        ]
        self.unique += [(tuple(fields), None) for fields in opts.unique_together]
        self.date_checks = any(
            field.unique_for_date or field.unique_for_month or field.unique_for_year
            for field in opts.fields
        )
        self.checks: list[tuple[CheckConstraint, Test]] = []
        self.by_database: list[Any] = []
        for constraint in opts.constraints:
            if (
                isinstance(constraint, UniqueConstraint)
                and constraint.fields
                and not (constraint.condition or constraint.expressions or constraint.include)
            ):
                self.unique.append((tuple(constraint.fields), constraint))
            elif isinstance(constraint, CheckConstraint) and (
                test := _compile(model, constraint.condition)
            ):
                self.checks.append((constraint, test))
            else:
                self.by_database.append(constraint)
        # Worked out once, not for each row: each unique set's fields and columns, the
        # foreign keys.
        self._unique_sets = [
            (fields, frozenset(fields), [opts.get_field(name).attname for name in fields])
            for fields, _constraint in self.unique
        ]
        self._relations = [field for field in opts.concrete_fields if field.is_relation]
        self._in_use: dict[Key, dict[tuple[Any, ...], Any]] | None = None
        self._owned: dict[Any, dict[Key, tuple[Any, ...]]] = {}
        self._cleaned: dict[tuple[str, type, Any], Any] = {}
        # The fields Model.clean_fields checks; a relation's clean is not kept (it asks the
        # database).
        self._fields = [
            (field, field.name, field.attname, not field.is_relation)
            for field in opts.fields
            if not field.generated
        ]
        # New rows by a number of their own (set on the instance): a stored row by its key.
        self._new_rows = itertools.count()

    # --- the values in use -----------------------------------------------------------
    def _values(self) -> dict[Key, dict[tuple[Any, ...], Any]]:
        """Each unique set's values, to the row that holds them: read once, one query a set."""
        if self._in_use is None:
            self._in_use = {}
            for fields, _constraint in self.unique:
                attnames = [self.model._meta.get_field(name).attname for name in fields]
                taken = self._in_use.setdefault(fields, {})
                for pk, *values in self.model._default_manager.values_list("pk", *attnames):
                    if None not in values:
                        taken[tuple(values)] = pk
                        self._owned.setdefault(pk, {})[fields] = tuple(values)
        return self._in_use

    def is_taken(self, fields: Key, values: tuple[Any, ...]) -> bool:
        """Whether a stored row or an earlier row of the file holds these values."""
        return tuple(values) in self._values()[fields]

    def add(self, instance: Model) -> None:
        """Note a row that passed, as if saved: later rows are checked against it, and the
        values it gave up (a renamed school's old name) are free again."""
        owner = self._owner(instance)
        in_use = self._values()
        if instance.pk is None:  # added once, it gives nothing up: no list of what it holds
            for fields, _names, attnames in self._unique_sets:
                if (values := _key(instance, attnames)) is not None:
                    in_use[fields][values] = owner
            return
        for fields, values in self._owned.pop(owner, {}).items():
            if in_use[fields].get(values) == owner:
                del in_use[fields][values]
        owned = self._owned.setdefault(owner, {})
        for fields, _names, attnames in self._unique_sets:
            values = _key(instance, attnames)
            if values is not None:
                in_use[fields][values] = owner
                owned[fields] = values

    def _owner(self, instance: Model) -> Any:
        """A stored row by its primary key; a new one by a number given the first time."""
        if instance.pk is not None:
            return instance.pk
        owner = instance.__dict__.get("_import_row_owner")
        if owner is None:
            owner = instance.__dict__["_import_row_owner"] = ("new", next(self._new_rows))
        return owner

    # --- full_clean ----------------------------------------------------------------
    def full_clean(self, instance: Model, exclude: set[str] | Any = ()) -> None:
        """As `Model.full_clean`: unique and constraint checks only for fields that passed."""
        exclude = set(exclude)
        errors: dict[str, list[ValidationError]] = {}
        try:
            self._clean_fields(instance, exclude | self._fetched_relations(instance))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        for name, error in self._unique_errors(instance, exclude):
            errors.setdefault(name, []).append(error)
        if self.date_checks:  # unique_for_date and the like: rare, and left to Django
            _checks, date_checks = instance._get_unique_checks(exclude=exclude)
            for name, date_errors in instance._perform_date_checks(date_checks).items():
                errors.setdefault(name, []).extend(date_errors)
        for error in self._constraint_errors(instance, exclude):
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_fields(self, instance: Model, exclude: set[str]) -> None:
        """`Model.clean_fields`, each field cleaning a value once per import.

        A field's clean depends on the value alone (its validators, choices, length), and a
        file repeats its countries, kinds and cities on every row: Django walks the choices
        for every value (the country list costs a millisecond), and checking the fields was a
        quarter of a preview. A foreign key's clean asks the database, and is left as it is.
        """
        errors = {}
        values = instance.__dict__
        for field, name, attname, by_value in self._fields:
            if name in exclude:
                continue
            # The stored value: reading a country makes a Country object each time.
            raw = values[attname] if attname in values else getattr(instance, attname)
            if (field.blank and raw in field.empty_values) or isinstance(raw, DatabaseDefault):
                continue
            try:
                if by_value:
                    cleaned = self._clean_value(field, raw, instance)
                else:
                    cleaned = field.clean(raw, instance)
            except ValidationError as error:
                errors[name] = error.error_list
                continue
            if cleaned is not raw:  # the value back in its place changes nothing
                setattr(instance, attname, cleaned)
        if errors:
            raise ValidationError(errors)

    def _clean_value(self, field: Any, raw: Any, instance: Model) -> Any:
        key = (field.name, type(raw), raw)  # 1, 1.0 and True are equal keys
        return once(self._cleaned, key, lambda: field.clean(raw, instance), ValidationError)

    def _unique_errors(
        self, instance: Model, exclude: set[str]
    ) -> list[tuple[str, ValidationError]]:
        errors = []
        in_use = self._values()
        owner = self._owner(instance)
        for (fields, constraint), (_fields, names, attnames) in zip(
            self.unique, self._unique_sets, strict=True
        ):
            if not exclude.isdisjoint(names):
                continue
            values = _key(instance, attnames)
            if values is None or in_use[fields].get(values, owner) == owner:
                continue
            # Django's messages and where it puts them (validate_unique, validate_constraints).
            if constraint is None or (
                constraint.violation_error_message == constraint.default_violation_error_message
            ):
                error = instance.unique_error_message(self.model, fields)
                error = ValidationError(error, code=error.code)
            else:
                error = ValidationError(
                    constraint.get_violation_error_message(), code=constraint.violation_error_code
                )
            if len(fields) == 1 and (constraint is None or error.code == "unique"):
                errors.append((fields[0], error))
            else:
                errors.append((NON_FIELD_ERRORS, error))
        return errors

    def _constraint_errors(self, instance: Model, exclude: set[str]) -> list[ValidationError]:
        errors = []
        for constraint, test in self.checks:
            if exclude and constraint._expression_refs_exclude(
                self.model, constraint.condition, exclude
            ):
                continue
            if test(instance) is False:
                errors.append(
                    ValidationError(
                        constraint.get_violation_error_message(),
                        code=constraint.violation_error_code,
                    )
                )
        if self.by_database:
            using = router.db_for_write(self.model, instance=instance)
            for constraint in self.by_database:
                try:
                    constraint.validate(self.model, instance, exclude=exclude, using=using)
                except ValidationError as error:
                    errors.append(error)
        return errors

    def _fetched_relations(self, instance: Model) -> set[str]:
        """Foreign keys holding a row just read from the database (a widget found it), whose
        existence `clean_fields` would query again, once per row."""
        fetched = set()
        for field in self._relations:
            if field.is_cached(instance):
                related = field.get_cached_value(instance)
                if (
                    related is not None
                    and not related._state.adding
                    and related.pk == getattr(instance, field.attname)
                ):
                    fetched.add(field.name)
        return fetched


def _key(instance: Model, attnames: list[str]) -> tuple[Any, ...] | None:
    """The instance's values for a unique set's columns, or None when one is null (NULL is
    never equal)."""
    values = tuple(_raw(instance, attname) for attname in attnames)
    return None if None in values else values


def _raw(instance: Model, attname: str) -> Any:
    """A column's value as stored on the instance: a country's code, where reading the
    attribute makes a Country object each time (a tenth of a preview's time)."""
    values = instance.__dict__
    return values[attname] if attname in values else getattr(instance, attname)


# --- check constraints in Python, with SQL's three-valued logic --------------------------
Test = Callable[[Model], bool | None]


def _compare(kind: str, other: Any) -> Callable[[Any], bool] | None:
    """The test a lookup makes of a column's (non-null) value, or None if unsupported."""
    if hasattr(other, "resolve_expression"):
        return None  # F(), a function: only the database knows
    if kind in ("regex", "iregex"):
        pattern = re.compile(other, re.IGNORECASE if kind == "iregex" else 0)
        return lambda value: pattern.search(str(value)) is not None
    if kind == "iexact":
        return lambda value: str(value).casefold() == str(other).casefold()
    if kind == "in":
        return lambda value: value in other
    function = {
        "exact": operator.eq,
        "gt": operator.gt,
        "gte": operator.ge,
        "lt": operator.lt,
        "lte": operator.le,
    }.get(kind)
    return None if function is None else lambda value: function(value, other)


def _compile_lookup(model: type[Model], lookup: str, other: Any) -> Test | None:
    """One `column__lookup=value` of the model's own columns ("kind__in"); None if the
    lookup crosses a relation or is one this does not know."""
    name, _, kind = lookup.partition("__")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not field.concrete:
        return None
    kind = kind or "exact"
    if kind == "exact" and other is None:
        kind, other = "isnull", True
    attname, prepare = field.attname, field.get_prep_value
    if kind == "isnull":
        return lambda instance: (prepare(_raw(instance, attname)) is None) == bool(other)
    compare = _compare(kind, other)
    if compare is None:
        return None

    def test(instance: Model) -> bool | None:
        value = prepare(_raw(instance, attname))
        return UNKNOWN if value is None else compare(value)

    return test


def _compile(model: type[Model], condition: Any) -> Test | None:
    """A Q as a function of a row: True, False or UNKNOWN as the database would evaluate it;
    None if some part of it cannot be evaluated here."""
    if not isinstance(condition, Q):
        return None
    tests = []
    for child in condition.children:
        if isinstance(child, Q):
            test = _compile(model, child)
        elif isinstance(child, tuple) and len(child) == 2:
            test = _compile_lookup(model, *child)
        else:
            test = None
        if test is None:
            return None
        tests.append(test)
    combine = {Q.AND: _all, Q.OR: _any}.get(condition.connector, _odd)
    if condition.negated:
        return lambda instance: _not(combine([test(instance) for test in tests]))
    return lambda instance: combine([test(instance) for test in tests])


def _all(results: list[bool | None]) -> bool | None:
    return False if False in results else (UNKNOWN if UNKNOWN in results else True)


def _any(results: list[bool | None]) -> bool | None:
    return True if True in results else (UNKNOWN if UNKNOWN in results else False)


def _odd(results: list[bool | None]) -> bool | None:  # XOR
    return UNKNOWN if UNKNOWN in results else sum(results) % 2 == 1


def _not(result: bool | None) -> bool | None:
    return UNKNOWN if result is UNKNOWN else not result
