"""SDG table sizes in a release: "35th of 1,180", and the SDG by SDG section listing each table
the group's schools are in, with its size."""

import pytest

from press.facts import SDGStanding, release_facts
from press.generator import write_release
from press.snapshot import fact_lines
from rankings.models import SDG, SDGTable
from rankings.ranks import Rank

from .conftest import facts, flat, paragraph, school, section


def sized(number, rank, size, national=None):
    return SDGStanding(
        number, f"Goal {number}", f"Objectif {number}", Rank.parse(rank), national, size
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "SDG 4 “Goal 4” (35th of 1,180)"), ("fr", "ODD 4 « Objectif 4 » (35e sur 1 180)")],
)
def test_an_exact_place_is_given_out_of_the_tables_size(language, expected):
    one = school(rank="301-400", previous="301-400", sdgs=(sized(4, "35", 1180),))
    assert expected in paragraph(language, one)


def test_a_band_or_an_unknown_size_is_printed_as_before():
    one = school(
        rank="301-400", previous="301-400", sdgs=(sized(4, "35", None), sized(5, "101-200", 900))
    )
    text = paragraph("en", one)
    assert "(35)" in text
    assert "(101–200)" in text


@pytest.mark.parametrize(
    ("language", "heading", "lines"),
    [
        (
            "en",
            "GE schools SDG by SDG",
            [
                "SDG 4 “Goal 4” (1,180 institutions ranked): École B (35th) and École A (101–200).",
                "SDG 9 “Goal 9”: École A (201–300).",
            ],
        ),
        (
            "fr",
            "Les écoles du groupe GE, ODD par ODD",
            [
                "ODD 4 « Objectif 4 » (1 180 établissements classés) : École B (35e) et École A (101–200).",
                "ODD 9 « Objectif 9 » : École A (201–300).",
            ],
        ),
    ],
)
def test_sdg_by_sdg_section_lists_each_table_with_its_size_and_the_groups_schools(
    language, heading, lines
):
    found = facts(
        school(
            "École A", rank="301-400", sdgs=(sized(4, "101-200", 1180), sized(9, "201-300", None))
        ),
        school("École B", rank="401-600", sdgs=(sized(4, "35", 1180),)),
    )
    release = write_release(found, language)
    assert [
        flat(p) for p in next(s for s in release.sections if flat(s.heading) == heading).paragraphs
    ] == lines


def test_no_sdg_by_sdg_section_without_any_table_size():
    found = facts(school("École A", rank="301-400", sdgs=(sized(4, "101-200", None),)))
    assert [s.heading for s in write_release(found, "en").sections][-1] == "École A"


@pytest.mark.django_db
def test_selector_reads_the_table_sizes_without_another_query(
    imt, edition_2021, django_assert_num_queries
):
    SDGTable.objects.create(
        edition=edition_2021, sdg=SDG.objects.get(number=7), institutions_ranked=1180
    )
    with django_assert_num_queries(8):
        found = release_facts(imt, edition_2021)
    atlantique = found.schools[0]
    assert {s.number: s.table_size for s in atlantique.sdgs}[7] == 1180
    assert "SDG 7 “Affordable and clean energy” (78th of 1,180)" in section(
        write_release(found, "en"), "IMT Atlantique"
    )
    assert fact_lines(found)["Institutions ranked in SDG 7 in 2021"] == "1180"
