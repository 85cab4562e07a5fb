"""Numbers, ordinals, lists, quotes and spacing as each language prints them."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.utils import dateformat, translation
from django_countries import countries

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: French thousands, and before ; ! ?
# Invisible, and forbids a line break: after the dash of a band, "101–200" never splits.
WORD_JOINER = "\u2060"

# Plural adjectives for "French institutions" / "établissements français"; other countries
# fall back to a phrase with the country's name.
COUNTRY_ADJECTIVES = {
    "AT": ("Austrian", "autrichiens"),
    "AU": ("Australian", "australiens"),
    "BE": ("Belgian", "belges"),
    "BR": ("Brazilian", "brésiliens"),
    "CA": ("Canadian", "canadiens"),
    "CH": ("Swiss", "suisses"),
    "CN": ("Chinese", "chinois"),
    "DE": ("German", "allemands"),
    "DZ": ("Algerian", "algériens"),
    "ES": ("Spanish", "espagnols"),
    "FI": ("Finnish", "finlandais"),
    "FR": ("French", "français"),
    "GB": ("UK", "britanniques"),
    "IE": ("Irish", "irlandais"),
    "IN": ("Indian", "indiens"),
    "IT": ("Italian", "italiens"),
    "JP": ("Japanese", "japonais"),
    "LU": ("Luxembourg", "luxembourgeois"),
    "MA": ("Moroccan", "marocains"),
    "NL": ("Dutch", "néerlandais"),
    "PT": ("Portuguese", "portugais"),
    "SE": ("Swedish", "suédois"),
    "SN": ("Senegalese", "sénégalais"),
    "TN": ("Tunisian", "tunisiens"),
    "US": ("US", "américains"),
}


def country_name(code: str, language: str) -> str:
    with translation.override(language):
        return str(countries.name(code)) or code


def institutions_of(country: str, language: str) -> str:
    """ "French institutions" / "établissements français", whatever the country."""
    if not country:  # a group with no ranked school yet
        return "établissements" if language == "fr" else "institutions"
    adjectives = COUNTRY_ADJECTIVES.get(country)
    if language == "fr":
        if adjectives:
            return f"établissements {adjectives[1]}"
        return f"établissements du pays ({country_name(country, 'fr')})"
    if adjectives:
        return f"{adjectives[0]} institutions"
    return f"institutions in {country_name(country, 'en')}"


# Institutions of a category (School.Category), as a release names them: English, French.
CATEGORY_NOUNS = {
    "university": ("universities", "universités"),
    "engineering": ("engineering schools", "écoles d’ingénieurs"),
    "business": ("business schools", "écoles de commerce"),
}


def _feminine_plural(adjective: str) -> str:
    """français → françaises, canadiens → canadiennes, allemands → allemandes, belges."""
    if adjective.endswith("es"):
        return adjective
    if adjective.endswith("iens"):
        return adjective[:-1] + "nes"
    if adjective.endswith(("ais", "ois")):
        return adjective + "es"
    return adjective[:-1] + "es" if adjective.endswith("s") else adjective + "es"


def institutions_of_category(country: str, category: str, language: str) -> str:
    """ "French business schools" / "écoles de commerce françaises"; "" for a category
    a release does not name (other, unknown)."""
    nouns = CATEGORY_NOUNS.get(category)
    if nouns is None:
        return ""
    adjectives = COUNTRY_ADJECTIVES.get(country)
    if language == "fr":
        if adjectives:
            return f"{nouns[1]} {_feminine_plural(adjectives[1])}"
        return f"{nouns[1]} du pays ({country_name(country, 'fr')})"
    if adjectives:
        return f"{adjectives[0]} {nouns[0]}"
    return f"{nouns[0]} in {country_name(country, 'en')}"


def number(n: int, language: str) -> str:
    """1,115 in English; 1 115 with a narrow no-break space in French."""
    grouped = f"{n:,}"
    return grouped.replace(",", NNBSP) if language == "fr" else grouped


# One to nine are written in words, as the office writes them: "four of its schools".
SMALL_NUMBERS = {
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    "fr": ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
}


def small_number(n: int, language: str, *, feminine: bool = False) -> str:
    """four / quatre from 1 to 9 (une when feminine), figures from 10: 17, 1,115."""
    if not 1 <= n <= len(SMALL_NUMBERS["en"]):
        return number(n, language)
    if n == 1 and feminine and language == "fr":
        return "une"
    return SMALL_NUMBERS["fr" if language == "fr" else "en"][n - 1]


def counted(n: int, words: str, language: str, *, feminine: bool = False) -> str:
    """A number and the word after it, on one line: "two SDGs", "18 établissements"."""
    return f"{small_number(n, language, feminine=feminine)}{NBSP}{words}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def band(rank: object) -> str:
    """A rank as printed, a band kept on one line ("101–200", not "101–" then "200")."""
    return str(rank).replace("–", "–" + WORD_JOINER)


def ordinal(n: int, language: str, *, feminine: bool = False) -> str:
    """1st, 2nd, 3rd, 11th, 21st; 1er or 1re, 2e."""
    if language == "fr":
        if n == 1:
            return "1re" if feminine else "1er"
        return f"{n}e"
    if 10 <= n % 100 <= 20:  # 11th, 12th, 13th
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def of(name: str, language: str) -> str:
    """ "of IMT Atlantique"; in French "de Télécom Paris", elided before a vowel:
    "d’IMT Atlantique", "d’École des Mines"."""
    if language != "fr":
        return f"of {name}"
    initial = unicodedata.normalize("NFD", name[:1]).lower()[:1]
    return f"d’{name}" if initial and initial in "aeiou" else f"de {name}"


def long_date(day: datetime.date, language: str) -> str:
    """1 December 2026; 1er décembre 2026, the first of the month being an ordinal in French."""
    with translation.override(language):
        month_year = dateformat.format(day, "F Y")
    first = day.day == 1 and language == "fr"
    return f"{ordinal(1, language) if first else day.day} {month_year}"


def join(items: list[str] | tuple[str, ...], language: str) -> str:
    """A, B and C / A, B et C (no serial comma, as the office writes)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    conjunction = " et " if language == "fr" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def quote(text: str, language: str) -> str:
    """A quoted name; inner French quotes become English ones so « » never nest."""
    if language == "fr":
        inner = text.replace("«", "“").replace("»", "”")
        inner = re.sub(r"“[\s\u00a0\u202f]+", "“", inner)
        inner = re.sub(r"[\s\u00a0\u202f]+”", "”", inner)
        return f"« {inner} »"
    return f"“{text}”"


_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$)")
_SPACE_BEFORE_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]+:(?=\s|$)")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]*»")


def french_spacing(text: str) -> str:
    """French punctuation spacing: a no-break space before : and inside « », a narrow one
    before ; ! ?, so a line never starts with the punctuation. URLs ("https://") are left
    alone: only a colon already preceded by a space is touched."""
    text = _SPACE_BEFORE.sub(NNBSP + r"\1", text)
    text = _SPACE_BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    return _BEFORE_CLOSING.sub(NBSP + "»", text)
