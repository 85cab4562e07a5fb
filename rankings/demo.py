"""The demo data: IMT, its schools and their THE Impact Rankings results for 2020 and 2021.

The values are chosen so that every fact of the real 2021 press release
(/work/shared/reference/imt-2021-the-impact-press-release.txt) follows from the data; the
README's "Demo data" section maps each fact to the values that make it true, and
tests/rankings/test_demo.py checks each one.

`load_demo()` is idempotent and keyed on natural keys (slugs, (ranking, year), (edition,
school), (result, SDG)). By default it creates what is missing and fills in empty fields, but
never overwrites a value someone has set, because `make run` calls it on every start;
`reset=True` puts the demo values back.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import models, transaction
from django.utils.text import slugify

from common.text import name_key
from schools.models import Group, KeyFigure, PhoneNumber, PressContact, School

from .models import SDG, Edition, EditionCountry, Ranking, Result, SDGResult
from .ranks import Rank

NBSP = "\u00a0"

RANKING = {
    "slug": "the-impact-rankings",
    "name": "THE Impact Rankings",
    "publisher": "Times Higher Education",
    "url": "https://www.timeshighereducation.com/impactrankings",
    "description_en": (
        "This prestigious ranking measures the contribution of higher education and research "
        "institutions to the 17 Sustainable Development Goals (SDGs) set out by the UN."
    ),
    "description_fr": (
        "Ce classement prestigieux mesure la contribution des établissements d’enseignement "
        "supérieur et de recherche aux 17 Objectifs de développement durable (ODD) fixés par "
        "l’ONU."
    ),
}

# The French text is the release's "About" paragraph character for character, including its
# spellings ("Mines Saint Etienne", "Insic"); only the source's markdown "XXI^e" is written
# "XXIe", as the project writes French ordinals (1er, 2e).
ABOUT_FR = (
    "Placé sous la tutelle du Ministère en charge de l'économie, de l'industrie et du numérique, "
    "l'Institut Mines-Télécom est un établissement public d'enseignement supérieur et de "
    "recherche regroupant 8 grandes écoles : IMT Atlantique, IMT Lille Douai, IMT Mines Albi, "
    "IMT Mines Alès, Institut Mines-Télécom Business School, Mines Saint Etienne, Télécom Paris "
    "et Télécom SudParis, 2 écoles filiales : EURECOM et Insic et un réseau de partenaires "
    "stratégiques et affiliés. Ses activités menées dans les domaines des sciences de "
    "l'ingénieur et du numérique sont mises au service de la formation d'ingénieurs et de "
    "managers, de la recherche partenariale, de l'innovation et du soutien au développement "
    "économique. A l'écoute permanente du monde économique, l'IMT conjugue une forte légitimité "
    "académique et scientifique, une proximité avec les entreprises et un positionnement "
    "stratégique sur les transformations majeures du XXIe siècle : numériques, industrielles, "
    "énergétiques, écologiques et éducatives. L'IMT est membre fondateur de l'Alliance Industrie "
    "du Futur, et créateur avec la TUM de l'académie franco-allemande pour l'industrie du futur, "
    "il est doublement labellisé Carnot pour la qualité de sa recherche partenariale. L'IMT "
    "forme chaque année plus de 13000 étudiants, réalise près de 70 millions de contrats de "
    "recherche et ses incubateurs accueillent une centaine de start-ups."
)

ABOUT_EN = (
    "Under the supervision of the French Ministry for the Economy, Industry and Digital Affairs, "
    "Institut Mines-Télécom is a public higher education and research establishment made up of "
    "8 graduate schools (grandes écoles): IMT Atlantique, IMT Lille Douai, IMT Mines Albi, "
    "IMT Mines Alès, Institut Mines-Télécom Business School, Mines Saint-Étienne, Télécom Paris "
    "and Télécom SudParis; 2 subsidiary schools, EURECOM and InSIC; and a network of strategic "
    "and affiliated partners. Its activities in engineering sciences and digital technology "
    "serve the education of engineers and managers, partnership research, innovation and "
    "support for economic development. Always attentive to the business world, IMT combines "
    "strong academic and scientific legitimacy, close ties with companies and a strategic focus "
    "on the major transformations of the 21st century: digital, industrial, energy, ecological "
    "and educational. IMT is a founding member of the Alliance Industrie du Futur and, with "
    "TUM, created the Franco-German Academy for the Industry of the Future; it holds two Carnot "
    "labels for the quality of its partnership research. Every year, IMT trains more than "
    "13,000 students, carries out nearly 70 million euros of research contracts, and its "
    "incubators host about 100 start-ups."
)

GROUP = {
    "slug": "imt",
    "name": "Institut Mines-Télécom",
    "short_name": "IMT",
    "website": "https://www.imt.fr",
    "social_handle": "IMTFrance",
    "social_url": "https://twitter.com/IMTFrance",
    "about_en": ABOUT_EN,
    "about_fr": ABOUT_FR,
}

# (value_en, label_en, value_fr, label_fr), in the order they are printed.
KEY_FIGURES = [
    ("more than 13,000", "students a year", f"plus de 13{NBSP}000", "étudiants par an"),
    (
        "nearly 70 million euros",
        "of research contracts",
        "près de 70 millions d’euros",
        "de contrats de recherche",
    ),
    (
        "about 100",
        "start-ups in its incubators",
        "une centaine de",
        "start-ups dans ses incubateurs",
    ),
]


class DemoSchool(NamedTuple):
    name: str
    kind: str
    city: str
    website: str


SCHOOLS = [
    DemoSchool("IMT Atlantique", School.Kind.MEMBER, "Brest", "https://www.imt-atlantique.fr"),
    DemoSchool("IMT Lille Douai", School.Kind.MEMBER, "Douai", "https://imt-lille-douai.fr"),
    DemoSchool("IMT Mines Albi", School.Kind.MEMBER, "Albi", "https://www.imt-mines-albi.fr"),
    DemoSchool("IMT Mines Alès", School.Kind.MEMBER, "Alès", "https://www.imt-mines-ales.fr"),
    DemoSchool(
        "Institut Mines-Télécom Business School",
        School.Kind.MEMBER,
        "Évry-Courcouronnes",
        "https://www.imt-bs.eu",
    ),
    DemoSchool(
        "Mines Saint-Étienne", School.Kind.MEMBER, "Saint-Étienne", "https://www.mines-stetienne.fr"
    ),
    DemoSchool("Télécom Paris", School.Kind.MEMBER, "Palaiseau", "https://www.telecom-paris.fr"),
    DemoSchool(
        "Télécom SudParis",
        School.Kind.MEMBER,
        "Évry-Courcouronnes",
        "https://www.telecom-sudparis.eu",
    ),
    DemoSchool(
        "EURECOM", School.Kind.SUBSIDIARY, "Biot (Sophia Antipolis)", "https://www.eurecom.fr"
    ),
    DemoSchool("InSIC", School.Kind.SUBSIDIARY, "Saint-Dié-des-Vosges", "https://www.insic.fr"),
]
COUNTRY = "FR"

CONTACT = {
    "name": "Séverine Picault",
    "organisation": "Institut Mines-Télécom",
    "role_en": "Press officer",
    "role_fr": "Attachée de presse",
    "email": "severine.picault@imt.fr",
    "phones": ["+33 (0) 6 27 66 05 09", "+33 (0) 1 75 31 40 97"],
}

# The days THE published the editions; the release does not give the hour.
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
EDITIONS = {
    2020: {
        "published_at": datetime.datetime(2020, 4, 22, tzinfo=PARIS),
        "institutions_ranked": 776,
    },
    2021: {
        "published_at": datetime.datetime(2021, 4, 21, tzinfo=PARIS),
        "institutions_ranked": 1115,
    },
}
# Institutions ranked per country; the release gives only the 2021 French count.
EDITION_COUNTRIES = {2021: {"FR": 18}}


class Entry(NamedTuple):
    """A position in one table: the world rank as THE prints it, and the national rank."""

    rank: str
    national: int | None = None


@dataclass(frozen=True)
class DemoResult:
    overall: Entry
    sdgs: dict[int, Entry]


def _sdgs(**ranks: str | tuple[str, int]) -> dict[int, Entry]:
    """SDG entries written compactly: _sdgs(sdg7=("78", 2), sdg12="301–400")."""
    entries = {}
    for key, value in ranks.items():
        number = int(key.removeprefix("sdg"))
        entries[number] = Entry(*value) if isinstance(value, tuple) else Entry(value)
    return entries


# Results by year, then by school slug. Each value is tied to a fact of the release: see the
# README's "Demo data" section before changing one.
RESULTS: dict[int, dict[str, DemoResult]] = {
    2020: {
        "imt-atlantique": DemoResult(
            Entry("301–400", 4),
            _sdgs(
                sdg7="201–300",
                sdg9="201–300",
                sdg12="301–400",
                sdg13="201–300",
                sdg14="101–200",
                sdg17="301–400",
            ),
        ),
        "imt-mines-ales": DemoResult(
            Entry("301–400", 5),
            _sdgs(
                sdg2="101–200",
                sdg3="201–300",
                sdg6="201–300",
                sdg9="301–400",
                sdg12="201–300",
                sdg15="201–300",
                sdg17="301–400",
            ),
        ),
        "mines-saint-etienne": DemoResult(
            Entry("401–600", 7),
            _sdgs(sdg11="201–300", sdg12="201–300", sdg17="401–600"),
        ),
    },
    2021: {
        "imt-atlantique": DemoResult(
            Entry("101–200", 1),
            _sdgs(
                sdg1=("301–400", 5),
                sdg2=("201–300", 3),
                sdg3=("401–600", 9),
                sdg4=("201–300", 4),
                sdg5=("301–400", 6),
                sdg6=("101–200", 2),
                sdg7=("78", 2),
                sdg8=("201–300", 3),
                sdg9=("101–200", 2),
                sdg10=("301–400", 7),
                sdg11=("201–300", 4),
                sdg12=("101–200", 3),
                sdg13=("97", 2),
                sdg14=("101–200", 2),
                sdg15=("201–300", 3),
                sdg16=("401–600", 8),
                sdg17=("101–200", 2),
            ),
        ),
        "imt-mines-ales": DemoResult(
            Entry("301–400", 5),
            _sdgs(
                sdg1=("201–300", 3),
                sdg2=("101–200", 1),
                sdg3=("101–200", 2),
                sdg4=("101–200", 2),
                sdg5=("201–300", 4),
                sdg6=("101–200", 3),
                sdg7=("301–400", 6),
                sdg8=("401–600", 7),
                sdg9=("101–200", 3),
                sdg10=("301–400", 8),
                sdg11=("201–300", 5),
                sdg12=("101–200", 4),
                sdg13=("401–600", 9),
                sdg15=("101–200", 1),
                sdg16=("301–400", 6),
                sdg17=("201–300", 4),
            ),
        ),
        "mines-saint-etienne": DemoResult(
            Entry("401–600", 8),
            _sdgs(
                sdg3=("401–600", 10),
                sdg7=("301–400", 7),
                sdg9=("401–600", 9),
                sdg11=("101–200", 2),
                sdg12=("101–200", 5),
                sdg13=("301–400", 6),
                sdg17=("401–600", 9),
            ),
        ),
        "institut-mines-telecom-business-school": DemoResult(
            Entry("601–800", 13),
            _sdgs(
                sdg4=("401–600", 11),
                sdg5=("301–400", 8),
                sdg8=("401–600", 9),
                sdg10=("101–200", 3),
                sdg17=("601–800", 12),
            ),
        ),
    },
}


@dataclass
class DemoSummary:
    """What a run did, row by row: created, completed or reset, left alone."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows that differ from the demo and were left as someone set them (reset=False only).
    kept: int = 0

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.kept:
            text += f", {self.kept} differing from the demo kept as they are (--reset restores)"
        return text


@transaction.atomic
def load_demo(*, reset: bool = False) -> DemoSummary:
    """Create the demo data, or complete it; with `reset`, restore every demo value."""
    loader = _Loader(reset=reset)
    ranking = loader.put(Ranking, {"slug": RANKING["slug"]}, _without(RANKING, "slug"))
    group = loader.put(Group, {"slug": GROUP["slug"]}, _without(GROUP, "slug"))
    for order, (value_en, label_en, value_fr, label_fr) in enumerate(KEY_FIGURES):
        loader.put(
            KeyFigure,
            {"group": group, "order": order},
            {
                "value_en": value_en,
                "label_en": label_en,
                "value_fr": value_fr,
                "label_fr": label_fr,
            },
        )
    # Keyed by the demo's slug: a school found by its name may have been given another one.
    schools = {slugify(demo.name): loader.school(demo, group) for demo in SCHOOLS}
    contact = loader.put(
        PressContact,
        {"group": group, "name": CONTACT["name"]},
        _without(CONTACT, "name", "phones"),
    )
    for order, number in enumerate(CONTACT["phones"]):
        loader.put(PhoneNumber, {"contact": contact, "number": number}, {"order": order})

    sdgs = SDG.objects.in_bulk()
    for year, results in RESULTS.items():
        edition = loader.put(Edition, {"ranking": ranking, "year": year}, EDITIONS[year])
        for country, count in EDITION_COUNTRIES.get(year, {}).items():
            loader.put(
                EditionCountry,
                {"edition": edition, "country": country},
                {"institutions_ranked": count},
            )
        for slug, demo_result in results.items():
            result = loader.put(
                Result,
                {"edition": edition, "school": schools[slug]},
                _entry_fields(demo_result.overall),
            )
            for number, entry in demo_result.sdgs.items():
                loader.put(SDGResult, {"result": result, "sdg": sdgs[number]}, _entry_fields(entry))
    return loader.summary


def _without(values: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in values.items() if key not in keys}


def _entry_fields(entry: Entry) -> dict[str, Any]:
    rank = Rank.parse(entry.rank)
    return {
        "rank_low": rank.low,
        "rank_high": rank.high,
        "rank_tie": rank.tie,
        "national_rank": entry.national,
    }


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


class _Loader:
    """Writes rows by natural key and counts what it did."""

    def __init__(self, *, reset: bool) -> None:
        self.reset = reset
        self.summary = DemoSummary()

    def put[M: models.Model](
        self, model: type[M], key: dict[str, Any], values: dict[str, Any]
    ) -> M:
        instance, created = model.objects.get_or_create(**key, defaults=values)
        if created:
            self.summary.created += 1
        else:
            self._complete(instance, values)
        return instance

    def school(self, demo: DemoSchool, group: Group) -> School:
        values = {
            "name": demo.name,
            "country": COUNTRY,
            "city": demo.city,
            "website": demo.website,
            "group_id": group.pk,
            "kind": demo.kind,
        }
        # An import may have created the school already, as an institution outside any group,
        # under this slug or under a spelling of its name that matches it.
        slug = slugify(demo.name)
        school = (
            School.objects.filter(slug=slug).first()
            or School.objects.filter(name_key=name_key(demo.name), country=COUNTRY).first()
        )
        if school is None:
            self.summary.created += 1
            return School.objects.create(slug=slug, **values)
        # "Other, in no group" is what an import gives an institution it does not know, so the
        # demo's membership fills it in like an empty field rather than overriding a choice.
        unset = ["kind"] if school.group_id is None and school.kind == School.Kind.OTHER else []
        self._complete(school, values, unset=unset)
        return school

    def _complete(
        self, instance: models.Model, values: dict[str, Any], *, unset: Collection[str] = ()
    ) -> None:
        """Fill in the empty fields (every differing field with `reset`), and count the row."""
        differing = {
            field: value for field, value in values.items() if getattr(instance, field) != value
        }
        if self.reset:
            changes = differing
        else:
            changes = {
                field: value
                for field, value in differing.items()
                if field in unset or _is_empty(getattr(instance, field))
            }
            if "rank_low" in changes:
                changes.update(rank_high=values["rank_high"], rank_tie=values["rank_tie"])
            else:
                # An open band (1001+) has no upper bound: that is a rank, not a gap to fill.
                changes.pop("rank_high", None)
        if changes:
            for field, value in changes.items():
                setattr(instance, field, value)
            instance.save()
            self.summary.updated += 1
        elif differing:
            self.summary.kept += 1
        else:
            self.summary.unchanged += 1
