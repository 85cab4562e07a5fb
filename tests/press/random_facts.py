"""Random editions for the prose tests: any mix of movements, ranks, national ranks, SDG
tables and school names (several sharing a first word, as "IMT Atlantique" and "IMT Mines
Alès" do), built as plain facts with no database."""

from __future__ import annotations

import random
from dataclasses import replace

from press.facts import EditionFacts, ReleaseFacts, SchoolFacts, SDGStanding
from rankings.ranks import Rank

NAMES = [
    "IMT Atlantique",
    "IMT Mines Alès",
    "IMT Mines Albi",
    "Mines Saint-Étienne",
    "Télécom Paris",
    "Télécom SudParis",
    "Institut Mines-Télécom Business School",
    "École des Ponts",
    "École Centrale",
    "The School of Mines",
    "It University",
    "Université Exemple",
    "Ranked Institute",
    "Présente École",
    "Among Us College",
    "Elle Institute",
]
BANDS = ["101-200", "201-300", "301-400", "401-600", "601-800", "801-1000", "1001+"]


def random_rank(rng: random.Random) -> Rank:
    if rng.random() < 0.3:
        return Rank.exact(rng.randint(1, 100), tie=rng.random() < 0.1)
    return Rank.parse(rng.choice(BANDS))


def random_school(
    rng: random.Random, name: str, country: str, size_of: dict[int, int]
) -> SchoolFacts:
    rank = random_rank(rng) if rng.random() < 0.8 else None
    previous = random_rank(rng) if rng.random() < 0.7 else None
    numbers = sorted(rng.sample(range(1, 18), rng.choice([0, 1, 2, 3, 5, 9, 16, 17])))
    sdgs = tuple(
        SDGStanding(
            n,
            f"Goal {n}",
            f"Objectif {n}",
            random_rank(rng),
            rng.choice([None, 1, 1, 2, 3, 7, 12]),
            size_of.get(n),
        )
        for n in numbers
    )
    listed = rank is not None or bool(sdgs) or rng.random() < 0.5
    return SchoolFacts(
        name=name,
        slug=name.lower().replace(" ", "-"),
        country=country,
        rank=rank,
        previous_rank=previous,
        national_rank=rng.choice([None, 1, 2, 4, 9, 12, 30]) if rank else None,
        previous_national_rank=rng.choice([None, 1, 3, 8]) if previous else None,
        national_rank_shared=rng.random() < 0.15,
        sdgs=sdgs,
        listed=listed,
    )


def random_facts(seed: int) -> ReleaseFacts:
    rng = random.Random(seed)
    names = rng.sample(NAMES, rng.randint(1, 7))
    # Each SDG table has one size in an edition, known or not.
    size_of = {n: rng.choice([876, 1180, 1115, 95]) for n in range(1, 18) if rng.random() < 0.5}
    schools = tuple(
        random_school(
            rng,
            name,
            "FR" if rng.random() < 0.85 else rng.choice(["BE", "MA", "KR"]),
            size_of,
        )
        for name in names
    )
    # Categories from a generator of their own, so each seed's other facts stay as they were.
    kinds = random.Random(-1 - seed)
    schools = tuple(
        replace(
            s,
            category=kinds.choice(["", "university", "engineering", "business", "other"]),
            category_rank=kinds.choice([None, 1, 1, 2, 5]) if s.rank else None,
            category_rank_shared=kinds.random() < 0.1,
        )
        for s in schools
    )
    size = rng.choice([None, 776, 1115, 1500])
    before = rng.choice([None, 700, 1115, 1300])
    has_previous = rng.random() < 0.8
    edition = EditionFacts(2022, size, rng.choice([None, 18, 25, 40]))
    short = rng.choice(["IMT", "GE", "Groupe"])
    facts = ReleaseFacts(
        group_name=rng.choice(["Institut Mines-Télécom", "Groupe Exemple", short]),
        group_short_name=short,
        group_slug="ge",
        ranking_name="THE Impact Rankings",
        country="FR",
        edition=edition,
        previous=EditionFacts(2021, before, rng.choice([None, 15])) if has_previous else None,
        schools=schools,
    )
    return facts.with_figures() if rng.random() < 0.8 else facts
