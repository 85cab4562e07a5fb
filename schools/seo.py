"""schema.org structured data (JSON-LD) for the public pages, as plain dicts."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from common.origin import absolute_url

from .models import Group, School


def college(school: School) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "CollegeOrUniversity",
        "name": school.name,
        "url": absolute_url(school.get_absolute_url()),
        "address": {"@type": "PostalAddress", "addressCountry": school.country.code},
    }
    if school.city:
        data["address"]["addressLocality"] = school.city
    if school.website:
        data["sameAs"] = [school.website]
    if school.group:
        data["parentOrganization"] = {"@type": "EducationalOrganization", "name": school.group.name}
    return data


def item_list(name: str, schools: Iterable[tuple[int, School]]) -> dict:
    """An ItemList of the institutions shown, each at its position in the whole list."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": name,
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "item": {
                    "@type": "CollegeOrUniversity",
                    "name": school.name,
                    "url": absolute_url(school.get_absolute_url()),
                },
            }
            for position, school in schools
        ],
    }


def organization(group: Group, schools: Iterable[School] = ()) -> dict:
    """The group as an EducationalOrganization, with its schools when the page lists them."""
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOrganization",
        "name": group.name,
        "alternateName": group.short_name,
        "url": absolute_url(reverse("schools:about")),
    }
    if same_as := [url for url in (group.website, group.social_url) if url]:
        data["sameAs"] = same_as
    if sub := [
        {
            "@type": "CollegeOrUniversity",
            "name": school.name,
            "url": absolute_url(school.get_absolute_url()),
        }
        for school in schools
    ]:
        data["subOrganization"] = sub
    return data
