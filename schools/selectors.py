"""Reads for the public contact and about pages, each in a fixed number of queries.

The schools list and a school's page show results: their reads are in rankings/selectors/schools.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django_countries.fields import Country

from common.text import name_key

from .models import Group, KeyFigure, PressContact, School

KIND_ORDER = [School.Kind.MEMBER, School.Kind.SUBSIDIARY, School.Kind.PARTNER, School.Kind.OTHER]


def countries_sorted(codes: list[str]) -> list[Country]:
    """Country codes as Country objects, sorted by their name in the active language."""
    return sorted((Country(code) for code in codes if code), key=lambda c: name_key(c.name))


def site_group() -> Group | None:
    """The group whose schools the site publishes: the first one created (IMT in the demo)."""
    return Group.objects.order_by("pk").first()


# --- Schools list filters -------------------------------------------------
@dataclass(frozen=True, slots=True)
class SchoolFilters:
    group: str = ""
    kind: str = ""
    country: str = ""


# --- Contact and about -----------------------------------------------------
@dataclass(frozen=True)
class ContactPage:
    group: Group | None
    contacts: list[PressContact]


def _contacts(group: Group) -> QuerySet[PressContact]:
    return group.press_contacts.prefetch_related("phones").order_by("order", "name")


def contact_page() -> ContactPage:
    group = site_group()
    return ContactPage(group=group, contacts=list(_contacts(group)) if group else [])


def press_contact(pk: int) -> PressContact:
    """A contact of the site group, with its phones: the vCard download's source."""
    contacts = PressContact.objects.prefetch_related("phones").filter(group=site_group())
    return get_object_or_404(contacts, pk=pk)


@dataclass(frozen=True)
class AboutPage:
    group: Group | None
    key_figures: list[KeyFigure]
    schools: list[School]


def about_page() -> AboutPage:
    group = site_group()
    if group is None:
        return AboutPage(group=None, key_figures=[], schools=[])
    return AboutPage(
        group=group,
        key_figures=list(KeyFigure.objects.filter(group=group).order_by("order", "pk")),
        schools=sorted(
            group.schools.exclude(kind=School.Kind.OTHER),
            key=lambda school: (KIND_ORDER.index(school.kind), school.name),
        ),
    )
