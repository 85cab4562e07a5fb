"""The rankings app's models, one module per subject: `editions` (rankings, editions, SDGs),
`results` (overall and SDG results), `jobs` (background imports)."""

from .editions import FIRST_YEAR, LAST_YEAR, SDG, Edition, EditionCountry, Ranking, SDGTable
from .jobs import IMPORT_STAGES, ImportJob
from .results import RankedEntry, Result, SDGResult, by_rank

__all__ = [
    "FIRST_YEAR",
    "IMPORT_STAGES",
    "LAST_YEAR",
    "SDG",
    "Edition",
    "EditionCountry",
    "ImportJob",
    "RankedEntry",
    "Ranking",
    "Result",
    "SDGResult",
    "SDGTable",
    "by_rank",
]
