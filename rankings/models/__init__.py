"""The rankings app's models, one module per subject: `editions` (rankings, editions, SDGs,
subjects), `results` (overall, SDG and subject results), `jobs` (background imports)."""

from .editions import (
    FIRST_YEAR,
    IMPACT_RANKING,
    LAST_YEAR,
    SDG,
    Edition,
    EditionCountry,
    Ranking,
    SDGTable,
    Subject,
)
from .jobs import IMPORT_STAGES, ImportJob
from .results import RankedEntry, Result, SDGResult, SubjectResult, by_rank

__all__ = [
    "FIRST_YEAR",
    "IMPACT_RANKING",
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
    "Subject",
    "SubjectResult",
    "by_rank",
]
