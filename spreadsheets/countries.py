"""A country as files write it: an ISO code (FR, FRA), an English name (THE's spellings
included) or a French one, compared by `name_key`."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import gettext
from django_countries import countries
from django_countries.data import ALT_CODES

from common.text import name_key

from .cells import Cell
from .text import CellError, plain_text, reject_special

_COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "united states": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "korea republic of": "KR",
    "republic of korea": "KR",
    "korea": "KR",
    "hong kong sar": "HK",
    "hong kong sar china": "HK",
    "macau": "MO",
    "macao sar": "MO",
    "czechia": "CZ",
    "turkiye": "TR",
    "vietnam": "VN",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "palestine": "PS",
    "kosovo": "XK",
    "republic of ireland": "IE",  # as THE writes it
    "uae": "AE",
    "mainland china": "CN",
    "the netherlands": "NL",
    "slovak republic": "SK",
    "dr congo": "CD",
    "drc": "CD",
    "cape verde": "CV",
    "reunion": "RE",
    "vatican": "VA",
    "trnc": "XN",  # the Turkish Republic of Northern Cyprus
}


@lru_cache(maxsize=4096)  # bounded: files can hold any text here
def country_code(text: str) -> str | None:
    """An ISO 3166 code from a code (FR, FRA), an English name (THE's spellings included) or a
    French one."""
    cleaned = text.strip()
    if not cleaned:
        return None
    upper = cleaned.upper()
    if len(upper) == 2 and upper in countries:
        return upper
    if len(upper) == 3 and upper.isalpha():
        for code, (alpha3, _numeric) in ALT_CODES.items():
            if alpha3 == upper:
                return code
    key = name_key(cleaned)
    if key in _COUNTRY_ALIASES and _COUNTRY_ALIASES[key] in countries:
        return _COUNTRY_ALIASES[key]
    code = (
        countries.by_name(cleaned)
        or countries.by_name(key)
        # A French office types French names (Allemagne, Royaume-Uni).
        or countries.by_name(cleaned, language="fr")
    )
    return code or None


def parse_country(value: Cell) -> str:
    reject_special(value)
    text = plain_text(value)
    if not text:
        raise CellError(gettext("blank"))
    code = country_code(text)
    if code is None:
        raise CellError(
            gettext(
                "unknown country “%(country)s” (use an ISO code such as FR, or its English name)"
            )
            % {"country": text}
        )
    return code
