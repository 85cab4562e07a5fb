"""Hand-made editions of rankings other than THE Impact, with the figures of IMT's own news
pages: THE World University Rankings 2021, THE by subject 2021, L'Étudiant 2020."""

from rankings.models import Result, SubjectResult
from schools.models import School
from tests.factories import (
    EditionCountryFactory,
    EditionFactory,
    GroupFactory,
    RankingFactory,
    ResultFactory,
    SchoolFactory,
    SubjectFactory,
)


def imt():
    group = GroupFactory(
        name="Institut Mines-Télécom", short_name="IMT", slug="imt", about="About IMT."
    )
    names = ["Télécom Paris", "IMT Atlantique", "Mines Saint-Étienne", "IMT Mines Alès"]
    schools = {
        name: SchoolFactory(name=name, group=group, kind=School.Kind.MEMBER) for name in names
    }
    return group, schools


def world_university_rankings():
    """A world ranking with exact ranks, bands and national ranks, two editions."""
    group, schools = imt()
    ranking = RankingFactory(
        name="THE World University Rankings",
        name_fr="THE World University Rankings",
        slug="the-world-university-rankings",
    )
    before = EditionFactory(ranking=ranking, year=2020, institutions_ranked=1397)
    now = EditionFactory(ranking=ranking, year=2021, institutions_ranked=1526)
    EditionCountryFactory(edition=now, country="FR", institutions_ranked=31)
    rows = {  # 2020 (rank, national), 2021 (rank, national)
        "Télécom Paris": (("19", 2), ("12", 1)),
        "IMT Atlantique": (("351-400", 12), ("351-400", 10)),
        "Mines Saint-Étienne": (("501-600", 15), ("401-500", 13)),
        "IMT Mines Alès": (None, ("601-800", 20)),
    }
    for name, (then, current) in rows.items():
        for edition, row in ((before, then), (now, current)):
            if row:
                ResultFactory(
                    edition=edition, school=schools[name], rank=row[0], national_rank=row[1]
                )
    return group, now


def _subject_rank(position: int) -> str:
    """THE's way: exact to 150, then bands widening down the table, 1001+ last."""
    bands = [(200, 25), (300, 50), (600, 100), (1000, 200)]
    if position <= 150:
        return str(position)
    low = 151
    for limit, width in bands:
        while low <= limit:
            if position < low + width:
                return f"{low}-{low + width - 1}"
            low += width
    return "1001+"


def subject_rankings():
    """A ranking of subject tables only: two whole tables (827 and 1,098 institutions, as
    imported from THE's files) and one table the office typed for its own school."""
    group, schools = imt()
    cs = SubjectFactory(name="Computer science", name_fr="Informatique")
    ranking = cs.ranking
    engineering = SubjectFactory(
        ranking=ranking, name="Engineering and technology", name_fr="Ingénierie et technologie"
    )
    physics = SubjectFactory(ranking=ranking, name="Physical sciences", name_fr="Physique")
    edition = EditionFactory(ranking=ranking, year=2021)
    others = School.objects.bulk_create(
        School(name=f"University {n}", name_key=f"university {n}", slug=f"u-{n}", country="GB")
        for n in range(1097)
    )
    results = {school: Result(edition=edition, school=school) for school in others}
    # IMT Mines Alès is in none of the tables: no row.
    mine = {
        name: Result(edition=edition, school=schools[name])
        for name in ("IMT Atlantique", "Télécom Paris", "Mines Saint-Étienne")
    }
    Result.objects.bulk_create([*results.values(), *mine.values()])
    rows = []
    # IMT Atlantique 160th (151–175) of 827 in computer science, 220th (201–250) of 1,098 in
    # engineering; Télécom Paris 110th (101–125) in computer science.
    for subject, size, own in ((cs, 827, {160, 110}), (engineering, 1098, {220})):
        positions = [p for p in range(1, size + 1) if p not in own]
        for school, position in zip(others, positions, strict=False):
            rows.append(
                SubjectResult(subject=subject, result=results[school], rank=_subject_rank(position))
            )
    rows += [
        SubjectResult(subject=cs, result=mine["IMT Atlantique"], rank="151-175"),
        SubjectResult(subject=engineering, result=mine["IMT Atlantique"], rank="201-250"),
        SubjectResult(subject=cs, result=mine["Télécom Paris"], rank="101-125"),
    ]
    rows.append(SubjectResult(subject=physics, result=mine["Mines Saint-Étienne"], rank="301-400"))
    SubjectResult.objects.bulk_create(rows)
    return group, edition


def national_ranking():
    """L'Étudiant's ranking of French engineering schools: exact positions, two editions."""
    group, schools = imt()
    ranking = RankingFactory(
        name="L'Étudiant ranking of engineering schools",
        name_fr="Classement L'Étudiant des écoles d'ingénieurs",
        slug="letudiant",
        scope="national",
        country="FR",
    )
    before = EditionFactory(ranking=ranking, year=2019, institutions_ranked=160)
    now = EditionFactory(ranking=ranking, year=2020, institutions_ranked=167)
    for name, then, current in [
        ("Télécom Paris", 4, 3),
        ("IMT Atlantique", 10, 9),
        ("Mines Saint-Étienne", 19, 12),
        ("IMT Mines Alès", 40, 32),
    ]:
        ResultFactory(edition=before, school=schools[name], rank=str(then))
        ResultFactory(edition=now, school=schools[name], rank=str(current))
    return group, now
