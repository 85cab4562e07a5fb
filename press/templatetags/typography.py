"""The press typography for templates, in the active language: the same helpers the
generator writes the releases with."""

from __future__ import annotations

import datetime

from django import template
from django.utils.translation import get_language

from press import typography

register = template.Library()


@register.filter
def of_name(name: str) -> str:
    """ "of IMT Atlantique" / "d’IMT Atlantique", "de Télécom Paris"."""
    return typography.of(str(name), get_language())


@register.filter(expects_localtime=True)
def long_date(day: datetime.date, language: str = "") -> str:
    """1 December 2026 / 1er décembre 2026, in the given language or the active one."""
    return typography.long_date(day, language or get_language())


@register.filter(expects_localtime=True)
def html_datetime(moment: datetime.datetime) -> str:
    """2021-04-21T10:00:00+02:00 for <time datetime>: HTML allows no fraction of a second, which
    the `c` date format (isoformat) would give."""
    return moment.replace(microsecond=0).isoformat()
