"""The schools and press contacts imports and exports, through django-import-export.

Results do not go through the library's row-by-row import (see `rankings.importing`); schools
and press contacts do, with the safe formats, widgets and resource of `spreadsheets`: cells
read as the results import reads them, countries by code or name.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export import fields, widgets

from common.slugs import free_slug
from common.text import name_key
from spreadsheets.cells import Cell
from spreadsheets.countries import parse_country
from spreadsheets.resources import ChoiceWidget, SafeResource, TextWidget, cell_text

from .models import (
    Group,
    PhoneNumber,
    PressContact,
    School,
    international_number,
    school_slug_base,
    unique_slug,
)


class GroupWidget(widgets.ForeignKeyWidget):
    """A group by its slug in any case ("IMT"), or by its full name; an unknown one a message
    naming it, not `DoesNotExist`."""

    cleans_by_value = True  # the groups are read once per import

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Group, "slug", **kwargs)

    @cached_property
    def groups(self) -> list[Group]:
        """Every group, read once per import rather than for each row (a resource copies its
        fields, widgets included, for each import); a group has a handful of rows at most."""
        return list(Group.objects.all())

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> Group | None:
        text = cell_text(value)
        if not text:
            return None
        # Slug in any case (the database's iexact), or the name as typed.
        groups = [g for g in self.groups if g.slug.lower() == text.lower() or g.name == text]
        # Slugs are unique only as typed ("IMT" and "imt" may both exist): the exact one
        # first, a case-blind one only when it is the only one.
        for matches in (
            [group for group in groups if group.slug == text],
            [group for group in groups if group.slug.lower() == text.lower()],
            [group for group in groups if group.name == text],
        ):
            if len(matches) == 1:
                return matches[0]
        raise ValueError(gettext("no group “%(slug)s”") % {"slug": text})


class CountryColumn(fields.Field):
    """A school's country, read as its code: the model's attribute makes a Country object at
    each read, and a preview reads it eight times a row."""

    def get_value(self, instance: School) -> str:
        code = instance.__dict__.get("country")
        return str(getattr(instance, "country", "")) if code is None else code


class CountryWidget(TextWidget):
    """A country as the results import reads it (`parse_country`): FR, fr, FRA, France,
    Allemagne."""

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> str:
        if not cell_text(value):
            return ""  # the model says a country is required, in its own words
        return parse_country(value)


class PhonesWidget(widgets.Widget):
    """Phone numbers in one cell, between semicolons, each checked by PhoneNumber's own
    validators; exported in their order with "; " between them."""

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> list[str] | None:
        parts = (" ".join(part.split()) for part in cell_text(value).split(";"))
        numbers = [part for part in parts if part]
        field = PhoneNumber._meta.get_field("number")
        errors = []
        for number in numbers:
            try:
                field.clean(number, None)
            except ValidationError as error:
                errors.append(
                    gettext("“%(number)s”: %(error)s")
                    % {"number": number, "error": " ".join(error.messages)}
                )
        if errors:
            raise ValueError(" ".join(errors))
        # Stored, matched against the stored ones and compared as the admin saves them.
        return [international_number(number) for number in numbers] or None

    def render(self, value: list[str] | None, obj: Any = None, **kwargs: Any) -> str:
        return "; ".join(value or [])


class PhonesField(fields.Field):
    """A press contact's `phones` column.

    A reverse relation cannot be assigned before the contact is saved, so the numbers read
    from a cell wait on the instance (`imported_phones`) for
    `PressContactResource.after_save_instance`. Reading them back from there, or else from
    the database, lets "unchanged" and the diff compare the numbers as a list.
    """

    def __init__(self) -> None:
        super().__init__(attribute="phones", column_name="phones", widget=PhonesWidget())

    def get_value(self, instance: PressContact) -> list[str]:
        numbers = getattr(instance, "imported_phones", None)
        if numbers is not None:
            return numbers
        if instance.pk is None:
            return []
        return [phone.number for phone in instance.phones.all()]

    def save(self, instance: PressContact, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        numbers = self.clean(row, **kwargs)
        # A blank cell keeps the stored numbers, as a file without the column does: a sheet
        # kept before this column existed, or one that leaves it empty, must not wipe numbers
        # entered in the admin (which is where the last number is removed).
        if numbers is not None:
            instance.imported_phones = numbers


class SchoolResource(SafeResource):
    column_key = staticmethod(name_key)
    country = CountryColumn(attribute="country", column_name="country", widget=CountryWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(School.Kind.choices, key=name_key),
        default=School.Kind.OTHER,
    )
    group = fields.Field(attribute="group", column_name="group", widget=GroupWidget())

    class Meta:
        model = School
        fields = ("slug", "name", "short_name", "country", "city", "website", "kind", "group")
        import_id_fields = ("slug",)
        widgets = {"name": {"collapse_spaces": True}, "short_name": {"collapse_spaces": True}}
        clean_model_instances = True  # off by default: choices and constraints unchecked
        skip_unchanged = True
        report_skipped = True
        # Written a thousand rows per query, not a save (and a savepoint) per row: what
        # School.save() fills in, import_instance does.
        use_bulk = True

    def import_instance(self, instance: School, row: Any, **kwargs: Any) -> None:
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # What School.save() fills in, needed earlier: validation runs before saving, and
            # also after a wrong cell, which must not bring a "blank slug" error with it.
            instance.name_key = name_key(instance.name or "")
            if not instance.slug:
                instance.slug = self._free_slug(instance.name or "")

    def _free_slug(self, name: str) -> str:
        """unique_slug, against the slugs in use and those of the file's rows before this one
        (which a preview does not save), without a query per row."""
        checks = getattr(self, "checks", None)
        if checks is None:
            return unique_slug(name)
        return free_slug(school_slug_base(name), lambda slug: checks.is_taken(("slug",), (slug,)))

    def get_bulk_update_fields(self) -> list[str]:
        return [*super().get_bulk_update_fields(), "name_key"]


class PressContactResource(SafeResource):
    column_key = staticmethod(name_key)
    group = fields.Field(attribute="group", column_name="group", widget=GroupWidget())
    phones = PhonesField()

    class Meta:
        model = PressContact
        fields = ("group", "name", "role_en", "role_fr", "organisation", "email", "order", "phones")
        import_id_fields = ("group", "name")
        widgets = {"name": {"collapse_spaces": True}, "organisation": {"collapse_spaces": True}}
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def after_save_instance(self, instance: PressContact, row: Any, **kwargs: Any) -> None:
        super().after_save_instance(instance, row, **kwargs)
        numbers = getattr(instance, "imported_phones", None)
        if numbers is None or self._is_dry_run(kwargs):
            return  # no phones cell, or a preview (which saves nothing)
        stored = list(instance.phones.all())
        if [phone.number for phone in stored] == numbers:
            return
        # The cell lists every number in order; a kind or label (not in the file) stays with
        # its number.
        kept = {phone.number: phone for phone in stored}
        instance.phones.all().delete()
        PhoneNumber.objects.bulk_create(
            PhoneNumber(
                contact=instance,
                number=number,
                kind=getattr(kept.get(number), "kind", ""),
                label=getattr(kept.get(number), "label", ""),
                order=order,
            )
            for order, number in enumerate(numbers)
        )
