"""One cell's value: a name, a table, a rank (or "not ranked"), a score, a national rank."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext, ngettext, pgettext

from common.text import name_key
from schools.models import School
from spreadsheets.cells import Cell
from spreadsheets.text import CellError, plain_text, reject_special, whole_number_formula

from ..ranks import _DASHES, Rank, RankError

OVERALL = 0  # the overall table; SDG tables are 1..17
SDG_NUMBERS = range(1, 18)
# A table: OVERALL, an SDG's number (THE Impact), or a subject's name as the file first spells
# it (every other ranking).
Table = int | str
MAX_NAME_LENGTH = School._meta.get_field("name").max_length


def parse_name(value: Cell) -> str:
    reject_special(value)
    name = " ".join(plain_text(value).split())
    if not name:
        raise CellError(gettext("blank"))
    if len(name) > MAX_NAME_LENGTH:
        raise CellError(
            ngettext(
                "longer than %(limit)s characters",
                "longer than %(limit)s characters",
                MAX_NAME_LENGTH,
            )
            % {"limit": MAX_NAME_LENGTH}
        )
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise CellError(gettext("contains control characters"))
    return name


# What files write for "not ranked in this table", besides a blank cell: a dash, n/a, NR, or
# THE's "Reporter" (an institution that sent its data and is not ranked). Compared after
# name_key(), which drops case, accents and punctuation.
_NOT_RANKED_WORDS = {"n a", "na", "nr", "not ranked", "unranked", "reporter", "non classe"}


class _NotRanked:
    def __repr__(self) -> str:
        return "NOT_RANKED"


NOT_RANKED = _NotRanked()


def not_ranked(value: Cell) -> bool:
    """Whether a rank cell says the institution is not ranked (a blank cell does not say so)."""
    if type(value) is not str:
        return False
    text = plain_text(value)
    if not text or text[0].isdigit():  # most cells are ranks: no need to normalise them
        return False
    return not text.strip(_DASHES + " ") or name_key(text) in _NOT_RANKED_WORDS


def parse_rank_or_not_ranked(value: Cell) -> Rank | _NotRanked:
    return NOT_RANKED if not_ranked(value) else parse_rank(value)


def parse_rank(value: Cell) -> Rank:
    if (tied := whole_number_formula(value)) is not None:
        # "=64" saved by a spreadsheet program as a formula: THE's tie, not a calculation.
        try:
            return Rank.exact(tied, tie=True)
        except RankError as error:
            raise CellError(str(error)) from error
    reject_special(value)
    if isinstance(value, str):
        value = plain_text(value)
    try:
        return Rank.parse(value if value is not None else "")
    except RankError as error:
        raise CellError(str(error)) from error


_OVERALL_TABLE = {
    "overall",
    "overall ranking",
    "overall rank",
    "all",
    "total",
    "general",  # French: général, classement général, global
    "classement general",
    "global",
    "classement global",
}
_TABLE = re.compile(r"^(?:sdg|goal|odd)?\s?0*(\d+)(?:\s.*)?$")
_SDG_TARGET = re.compile(
    r"^(?:sdg|goal|odd)?\s*0*(\d+)\s*[.,]\s*(?:\d|[a-z](?![a-z]))", re.IGNORECASE
)


def parse_table(value: Cell) -> int:
    """`overall` is 0; an SDG (11, "SDG 11", "sdg11", "SDG 11: Sustainable cities") its number."""
    reject_special(value)
    key = name_key(plain_text(value))
    if not key:
        raise CellError(gettext("blank (expected overall or an SDG number such as 11 or SDG 11)"))
    if key in _OVERALL_TABLE:
        return OVERALL
    # name_key() would read "3.7" as "3 7", that is SDG 3: a target is not a table THE ranks.
    if target := _SDG_TARGET.match(unicodedata.normalize("NFKC", plain_text(value))):
        raise CellError(
            gettext("“%(value)s” is an SDG target; THE ranks whole goals (SDG %(number)s)")
            % {"value": plain_text(value), "number": int(target[1])}
        )
    match = _TABLE.match(key)
    if match is None:
        raise CellError(
            gettext("“%(value)s” is not a table (expected overall, 1–17 or SDG 11)")
            % {"value": plain_text(value)}
        )
    number = int(match[1])
    if number not in SDG_NUMBERS:
        raise CellError(no_such_sdg(number))
    return number


MAX_SUBJECT_LENGTH = 200  # Subject.name's
_SDG_LIKE = re.compile(r"^(?:(?:sdg|goal|odd)\s?)?0*\d{1,2}(?:\s|$)")


class SubjectTables:
    """Reads the table column for a ranking other than THE Impact: `overall`, or a subject's
    name ("Computer science"), which rows may spell differently (case, accents): every row
    gets the name as the file first spells it, so each subject is one table."""

    def __init__(self) -> None:
        self.spellings: dict[str, str] = {}  # name_key -> the file's first spelling

    def __call__(self, value: Cell) -> Table:
        reject_special(value)
        text = " ".join(plain_text(value).split())
        key = name_key(text)
        if not key:
            raise CellError(
                gettext("blank (expected overall or a subject's name such as Computer science)")
            )
        if key in _OVERALL_TABLE:
            return OVERALL
        if _SDG_LIKE.match(key):
            raise CellError(
                gettext(
                    "“%(value)s” is an SDG, and only THE Impact Rankings has SDG tables: "
                    "give the subject's name (Computer science), or import into THE Impact"
                )
                % {"value": text}
            )
        if len(text) > MAX_SUBJECT_LENGTH:
            raise CellError(
                gettext("a subject's name is at most %(limit)s characters")
                % {"limit": MAX_SUBJECT_LENGTH}
            )
        return self.spellings.setdefault(key, text)


def table_order(table: Table) -> tuple[int, int, str]:
    """Tables in the order files and reports list them: overall, the SDGs, then subjects."""
    if isinstance(table, str):
        return (1, 0, name_key(table))
    return (0, table, "")


def no_such_sdg(number: int) -> str:
    return gettext("there is no SDG %(number)s (1–17)") % {"number": number}


_ONE_DECIMAL = Decimal("0.1")


def _score_number(text: str) -> Decimal:
    # "85.6%": a score column formatted as a percentage and saved as CSV.
    digits = text[:-1].rstrip() if text.endswith("%") else text
    try:
        number = Decimal(digits.replace(",", ".") if digits.count(",") == 1 else digits)
    except InvalidOperation as error:
        raise CellError(_not_a_score(text)) from error
    if not number.is_finite() or number < 0 or number > 100:
        raise CellError(gettext("%(value)s is not a score between 0 and 100") % {"value": text})
    rounded = number.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
    if rounded != number:
        raise CellError(
            gettext("%(value)s has more than one decimal (THE publishes one)") % {"value": text}
        )
    return rounded


def parse_score(value: Cell) -> tuple[Decimal, Decimal | None] | None:
    """A score or a range of scores ("85.3", "80.1–85.0"); None when the cell is blank."""
    reject_special(value)
    if isinstance(value, int | float | Decimal):
        return _score_number(repr(value) if isinstance(value, float) else str(value)), None
    text = plain_text(value)
    if not text or not_ranked(value):  # "—" or "n/a": no score given
        return None
    parts = re.split(rf"\s*[{_DASHES}]\s*", text) if not text.startswith("-") else [text]
    if len(parts) == 1:
        return _score_number(parts[0]), None
    if len(parts) == 2 and all(parts):
        low, high = _score_number(parts[0]), _score_number(parts[1])
        if high < low:
            raise CellError(gettext("the score range %(value)s is reversed") % {"value": text})
        return low, (high if high != low else None)
    raise CellError(_not_a_score(text))


def _not_a_score(text: str) -> str:
    return gettext("“%(value)s” is not a score") % {"value": text}


def parse_national_rank(value: Cell) -> int | None:
    reject_special(value)
    text = plain_text(value)
    if not text or not_ranked(value):
        return None
    try:
        rank = Rank.parse(value if not isinstance(value, str) else text)
    except RankError as error:
        raise CellError(
            gettext("“%(value)s” is not a position in the country") % {"value": text}
        ) from error
    if not rank.is_exact:
        raise CellError(
            gettext("%(value)s: a national rank is one position, not a band") % {"value": text}
        )
    return rank.low


# An institution's category as files spell it, after name_key(): the code, and the English
# and French words a press office types. A blank cell says nothing (the stored one is kept).
_CATEGORIES = {
    School.Category.UNIVERSITY: {"university", "universite", "univ"},
    School.Category.ENGINEERING: {
        "engineering",
        "engineering school",
        "school of engineering",
        "ecole d ingenieurs",
        "ecole d ingenieur",
        "ingenieurs",
        "ingenierie",
    },
    School.Category.BUSINESS: {
        "business",
        "business school",
        "school of management",
        "management school",
        "ecole de commerce",
        "ecole de management",
        "commerce",
    },
    School.Category.OTHER: {"other", "autre", "other institution", "autre etablissement"},
}
CATEGORY_SPELLINGS = {spelling: code for code, found in _CATEGORIES.items() for spelling in found}


def parse_category(value: Cell) -> str | None:
    """A category code, or None for a blank cell (which keeps what is stored)."""
    reject_special(value)
    text = plain_text(value)
    if not text:
        return None
    code = CATEGORY_SPELLINGS.get(name_key(text))
    if code is None:
        raise CellError(
            gettext(
                "“%(value)s” is not a category (university, engineering school, business "
                "school or other)"
            )
            % {"value": text}
        )
    return str(code)


def table_label(table: Table) -> str:
    """The table as files name it (the export writes it): the same in every language."""
    if isinstance(table, str):
        return table
    return "overall" if table == OVERALL else f"SDG {table}"


def table_display(table: Table) -> str:
    """The table as the preview's Table column shows it, in the active language."""
    if isinstance(table, str):
        return table
    if table == OVERALL:
        return pgettext("import table", "overall")
    return gettext("SDG %(number)s") % {"number": table}


def table_noun(table: Table) -> str:
    """The table in a sentence: "The %(table)s is whole" (the overall table, the SDG 11 table)."""
    if isinstance(table, str):
        return gettext("“%(subject)s” table") % {"subject": table}
    if table == OVERALL:
        return gettext("overall table")
    return gettext("SDG %(number)s table") % {"number": table}
