"""Table-driven phrasing: every movement, rank shape and SDG count, in English and French,
from facts built by hand (no database, no request, no template)."""

from dataclasses import replace

import pytest

from press.generator import body_text, plain_text, write_release

from .conftest import facts, flat, intro, paragraph, school, sdg, section

# (case, school facts, {language: phrases its paragraph must contain})
MOVEMENTS = [
    (
        "band-up",
        school(rank="101-200", previous="201-300"),
        {
            "en": ["has moved up from the 201–300 band in 2021 to the 101–200 band in 2022"],
            "fr": [
                "progresse au classement général, de la tranche 201–300 en 2021 à la tranche 101–200 en 2022"
            ],
        },
    ),
    (
        "band-down",
        school(rank="401-600", previous="301-400"),
        {
            "en": ["has moved down from the 301–400 band in 2021 to the 401–600 band in 2022"],
            "fr": [
                "recule au classement général, de la tranche 301–400 en 2021 à la tranche 401–600 en 2022"
            ],
        },
    ),
    (
        "exact-up",
        school(rank="41", previous="57"),
        {
            "en": ["has moved up from 57th place in 2021 to 41st place in 2022"],
            "fr": ["de la 57e place en 2021 à la 41e place en 2022"],
        },
    ),
    (
        "exact-down-to-band",
        school(rank="101-200", previous="57"),
        {
            "en": ["has moved down from 57th place in 2021 to the 101–200 band in 2022"],
            "fr": ["recule au classement général, de la 57e place en 2021 à la tranche 101–200"],
        },
    ),
    (
        "exact-rank-inside-the-new-band-is-no-movement",
        school(rank="101-200", previous="150"),
        {
            "en": [
                "is in the 101–200 band in the overall ranking in 2022, after 150th place in 2021."
            ],
            "fr": [
                "figure dans la tranche 101–200 du classement général 2022, après la 150e place en 2021."
            ],
        },
    ),
    (
        "same-band-in-a-larger-edition",
        school(rank="301-400", previous="301-400"),
        {
            "en": [
                "has kept its position in the overall ranking, in the 301–400 band (world top 400), despite the larger number of institutions ranked."
            ],
            "fr": [
                "conserve sa position au classement général, dans la tranche 301–400 (top 400 mondial), malgré la hausse du nombre d’établissements classés."
            ],
        },
    ),
    (
        "tie-kept",
        school(rank="=57", previous="57"),
        {
            "en": ["has kept its position in the overall ranking, in joint 57th place"],
            "fr": ["conserve sa position au classement général, à la 57e place ex æquo"],
        },
    ),
    (
        "tie-up",
        school(rank="=12", previous="=20"),
        {
            "en": ["from joint 20th place in 2021 to joint 12th place in 2022"],
            "fr": ["de la 20e place ex æquo en 2021 à la 12e place ex æquo en 2022"],
        },
    ),
    (
        "first-place",
        school(rank="1", previous="3"),
        {"en": ["to 1st place in 2022"], "fr": ["à la 1re place en 2022"]},
    ),
    (
        "new-entry-in-open-band",
        school(rank="1001+"),
        {
            "en": ["has entered the overall ranking in the 1001+ band."],
            "fr": ["fait son entrée au classement général dans la tranche 1001+."],
        },
    ),
    (
        "down-into-the-open-band",
        school(rank="1001+", previous="801-1000"),
        {"en": ["to the 1001+ band in 2022"], "fr": ["à la tranche 1001+ en 2022"]},
    ),
    (
        "left-the-ranking",
        school(previous="601-800", listed=False),
        {
            "en": ["École A, in the 601–800 band in 2021, is not in the 2022 overall ranking."],
            "fr": [
                "École A, dans la tranche 601–800 en 2021, ne figure pas au classement général 2022."
            ],
        },
    ),
    (
        "left-the-overall-table-but-still-in-sdg-tables",
        school(previous="601-800", sdgs=(sdg(5, "201-300"), sdg(17, "401-600"))),
        {
            "en": [
                "is not in the 2022 overall ranking. It still appears in SDG tables: an overall rank requires data on SDG 17 and at least three other SDGs."
            ],
            "fr": [
                "L’école reste présente dans des classements par ODD : le classement général exige des données sur l’ODD 17 et au moins trois autres ODD."
            ],
        },
    ),
    (
        "only-in-sdg-tables",
        school(sdgs=(sdg(5, "201-300"),)),
        {
            "en": ["has no overall rank in 2022 but appears in SDG tables."],
            "fr": [
                "n’a pas de rang au classement général 2022 mais figure dans des classements par ODD."
            ],
        },
    ),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("case", "one", "phrases"), MOVEMENTS, ids=[m[0] for m in MOVEMENTS])
def test_movement_is_phrased(language, case, one, phrases):
    text = paragraph(language, one)
    for phrase in phrases[language]:
        assert phrase in text


def test_same_position_in_a_smaller_edition_does_not_claim_the_field_grew():
    text = paragraph("en", school(rank="301-400", previous="301-400"), size=(1115, 900))
    assert (
        "has kept its position in the overall ranking, in the 301–400 band (world top 400)." in text
    )


SDG_COUNTS = [
    ("none", (), {"en": None, "fr": None}),
    (
        "one",
        (sdg(17, "401-600"),),
        {
            "en": "It is ranked in one of the 17 SDGs.",
            "fr": "L’école figure dans un seul des 17 ODD.",
        },
    ),
    (
        "many",
        tuple(sdg(n, "401-600") for n in range(1, 10)),
        {
            "en": "It is ranked in nine of the 17 SDGs.",
            "fr": "L’école figure dans neuf des 17 ODD.",
        },
    ),
    (
        "all",
        tuple(sdg(n, "401-600") for n in range(1, 18)),
        {"en": "It is ranked in all 17 SDGs.", "fr": "L’école figure dans les 17 ODD."},
    ),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("case", "sdgs", "expected"), SDG_COUNTS, ids=[c[0] for c in SDG_COUNTS])
def test_number_of_sdgs_is_phrased(language, case, sdgs, expected):
    text = paragraph(language, school(rank="401-600", previous="401-600", sdgs=sdgs))
    if expected[language] is None:
        assert "SDG" not in text
        assert "ODD" not in text
    else:
        assert expected[language] in text


BRACKETS = [
    (
        "none-in-the-top-300",
        (sdg(1, "401-600"), sdg(2, "301-400")),
        {"en": None, "fr": None},
    ),
    (
        "one-named-with-its-rank",
        (sdg(10, "101-200"), sdg(17, "601-800")),
        {
            "en": "Ranked in two of the 17 SDGs, the school is in the world top 200 in one of them: SDG 10 “Goal 10” (101–200).",
            "fr": "Présente dans deux des 17 ODD, l’école se classe dans le top 200 mondial pour l’un d’entre eux : ODD 10 « Objectif 10 » (101–200).",
        },
    ),
    (
        "each-sdg-counted-once-in-its-best-bracket",
        (
            sdg(1, "57"),
            sdg(2, "=99"),
            sdg(3, "150"),
            sdg(4, "101-200"),
            sdg(5, "201-300"),
            sdg(6, "201-300"),
            sdg(7, "201-300"),
        ),
        {
            "en": "the school is in the world top 100 in two of them, SDG 1 “Goal 1” (57) and SDG 2 “Goal 2” (=99), in the top 200 in two more, SDG 3 “Goal 3” (150) and SDG 4 “Goal 4” (101–200), and in the top 300 in three more.",
            "fr": "l’école se classe dans le top 100 mondial pour deux d’entre eux, ODD 1 « Objectif 1 » (57) et ODD 2 « Objectif 2 » (=99), dans le top 200 pour deux autres, ODD 3 « Objectif 3 » (150) et ODD 4 « Objectif 4 » (101–200), et dans le top 300 pour trois autres.",
        },
    ),
    (
        "many-are-counted-not-named",
        tuple(sdg(n, "101-200") for n in range(1, 6)),
        {
            "en": "Ranked in five of the 17 SDGs, the school is in the world top 200 in all of them.",
            "fr": "Présente dans cinq des 17 ODD, l’école se classe dans le top 200 mondial pour tous.",
        },
    ),
    (
        "one-more-is-singular",
        (*(sdg(n, "101-200") for n in range(1, 4)), sdg(9, "201-300")),
        {
            "en": "in the world top 200 in three of them and in the top 300 in one more: SDG 9 “Goal 9” (201–300).",
            "fr": "dans le top 200 mondial pour trois d’entre eux et dans le top 300 pour un autre : ODD 9 « Objectif 9 » (201–300).",
        },
    ),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("case", "sdgs", "expected"), BRACKETS, ids=[c[0] for c in BRACKETS])
def test_world_top_brackets_are_phrased(language, case, sdgs, expected):
    text = paragraph(language, school(rank="401-600", previous="401-600", sdgs=sdgs))
    if expected[language] is None:
        assert "top 100" not in text
        assert "top 200" not in text
        assert "top 300" not in text
    else:
        assert expected[language] in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Among French institutions, it is first in three SDGs."),
        ("fr", "Parmi les établissements français, l’école est 1re dans trois ODD."),
    ],
)
def test_first_in_country_in_many_sdgs_is_counted(language, expected):
    sdgs = (sdg(1, "301-400", 1), sdg(2, "301-400", 1), sdg(3, "301-400", 1), sdg(4, "301-400", 2))
    assert expected in paragraph(language, school(rank="401-600", sdgs=sdgs))


NATIONAL = [
    (
        "takes-the-lead",
        {"national_rank": 1, "previous_national_rank": 3},
        {
            "en": "It is thus ranked first among French institutions.",
            "fr": "L’école prend ainsi la tête des établissements français.",
        },
    ),
    (
        "takes-the-lead-without-moving-up",
        {"national_rank": 1, "previous_national_rank": 2, "rank": "301-400"},
        {
            "en": "It is now first among French institutions.",
            "fr": "L’école prend la tête des établissements français.",
        },
    ),
    (
        "stays-first",
        {"national_rank": 1, "previous_national_rank": 1},
        {
            "en": "It remains first among French institutions.",
            "fr": "L’école reste en tête des établissements français.",
        },
    ),
    (
        "first-when-last-years-national-rank-is-unknown",
        {"national_rank": 1, "rank": "301-400"},
        {
            "en": "It is first among French institutions.",
            "fr": "L’école arrive en tête des établissements français.",
        },
    ),
    (
        "joint-first",
        {"national_rank": 1, "previous_national_rank": 3, "national_rank_shared": True},
        {
            "en": "It is joint first among French institutions.",
            "fr": "L’école est à égalité en tête des établissements français.",
        },
    ),
    (
        "remains-joint-first",
        {"national_rank": 1, "previous_national_rank": 1, "national_rank_shared": True},
        {
            "en": "It remains joint first among French institutions.",
            "fr": "L’école reste à égalité en tête des établissements français.",
        },
    ),
    (
        "joint-fourth-in-a-band",
        {"national_rank": 4, "previous_national_rank": 4, "national_rank_shared": True},
        {
            "en": "It is joint 4th among the 18 French institutions ranked.",
            "fr": "L’école est 4e ex æquo des 18 établissements français classés.",
        },
    ),
    (
        "national-rank-beyond-the-country-count-drops-the-count",
        {"national_rank": 20, "previous_national_rank": 20},
        {
            "en": "It is 20th among French institutions.",
            "fr": "L’école est 20e parmi les établissements français.",
        },
    ),
    (
        "third-of-18",
        {"national_rank": 3, "previous_national_rank": 1},
        {
            "en": "It is 3rd among the 18 French institutions ranked.",
            "fr": "L’école est 3e des 18 établissements français classés.",
        },
    ),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("case", "ranks", "expected"), NATIONAL, ids=[c[0] for c in NATIONAL])
def test_standing_in_the_country_is_phrased(language, case, ranks, expected):
    ranks = {"rank": "201-300"} | ranks  # a rise, unless the case says otherwise
    text = paragraph(language, school(previous="301-400", **ranks))
    assert expected[language] in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_national_rank_beyond_the_country_count_never_prints_the_count(language):
    text = paragraph(language, school(rank="801-1000", previous="801-1000", national_rank=20))
    assert "18" not in text


def test_standing_in_another_country_names_that_country():
    one = school(rank="301-400", previous="301-400", national_rank=2, country="BE")
    assert "It is 2nd among Belgian institutions." in paragraph("en", one)
    assert "L’école est 2e parmi les établissements belges." in paragraph("fr", one)


def lead(language, *schools, **kwargs):
    return intro(write_release(facts(*schools, **kwargs), language))


def test_lead_counts_schools_names_leader_and_newcomer():
    # "École A …" then "École B …" would open two sentences with the same word: the newcomer
    # is told the other way.
    schools = (
        school(
            "École A", rank="101-200", previous="101-200", national_rank=1, previous_national_rank=1
        ),
        school("École B", rank="601-800"),
    )
    assert lead("en", *schools).startswith(
        "This year, Groupe Exemple (GE) has two of its schools among the 18 French institutions "
        "ranked. École A remains first among French institutions. With the entry of École B, "
        "two GE schools are in the overall ranking."
    )
    assert lead("fr", *schools).startswith(
        "Cette année, deux écoles du groupe GE (Groupe Exemple) figurent parmi les 18 "
        "établissements français classés. École A reste en tête des établissements français. "
        "Avec l’entrée d’École B, deux écoles du groupe GE figurent au classement général."
    )


def test_lead_with_one_school_and_several_newcomers():
    one = lead("en", school("École A", rank="601-800"))
    assert one.startswith("This year, Groupe Exemple (GE) has one of its schools among the 18")
    assert "1st school" not in one
    assert "une école du groupe GE (Groupe Exemple) figure parmi" in lead(
        "fr", school("École A", rank="601-800")
    )
    both = (school("École A", rank="601-800"), school("École B", rank="801-1000"))
    assert "École A and École B join the ranking." in lead("en", *both)
    assert "École A et École B font leur entrée dans le classement." in lead("fr", *both)


def test_lead_does_not_number_a_newcomer_when_another_school_left():
    schools = (
        school("École A", rank="601-800"),
        school("École B", previous="401-600", listed=False),
    )
    assert "École A joins the ranking." in lead("en", *schools)
    assert "École A fait son entrée dans le classement." in lead("fr", *schools)


def test_edition_size_without_growth_is_stated_plainly():
    release = write_release(
        facts(school(rank="401-600", previous="301-400"), size=(1200, 1000)), "en"
    )
    assert (
        "The number of institutions ranked has decreased (1,200 in 2021 and 1,000 in 2022)."
        in flat(body_text(release))
    )
    first_edition = write_release(facts(school(rank="401-600"), size=(None, 1500)), "fr")
    assert "L’édition 2022 classe 1 500 établissements." in flat(body_text(first_edition))


@pytest.mark.parametrize(
    ("language", "size", "expected"),
    [
        (
            "en",
            (1115, 1115),
            "The number of institutions ranked is unchanged (1,115 in 2021 and 1,115 in 2022).",
        ),
        (
            "en",
            (776, 1115),
            "The number of institutions ranked has increased (776 in 2021 and 1,115 in 2022).",
        ),
        (
            "en",
            (1200, 1000),
            "The number of institutions ranked has decreased (1,200 in 2021 and 1,000 in 2022).",
        ),
        (
            "fr",
            (1115, 1115),
            "Le nombre d’établissements classés est stable (1 115 en 2021 et 1 115 en 2022).",
        ),
        (
            "fr",
            (776, 1115),
            "Le nombre d’établissements classés a augmenté (776 en 2021 et 1 115 en 2022).",
        ),
        (
            "fr",
            (1200, 1000),
            "Le nombre d’établissements classés a diminué (1 200 en 2021 et 1 000 en 2022).",
        ),
    ],
    ids=[
        "en-unchanged",
        "en-increased",
        "en-decreased",
        "fr-unchanged",
        "fr-increased",
        "fr-decreased",
    ],
)
def test_the_number_of_institutions_ranked_is_compared_in_words(language, size, expected):
    # A school that fell, so a larger edition is not told as the group holding up despite it.
    release = write_release(facts(school(rank="401-600", previous="301-400"), size=size), language)
    assert flat(" ".join(release.sections[0].paragraphs)) == expected


def test_a_fall_means_the_release_does_not_claim_every_school_improved_or_held():
    schools = (school("École A", rank="401-600", previous="301-400"), school("École B"))
    release = write_release(facts(*schools), "en")
    text = flat(body_text(release))
    assert "improved or maintained" not in text
    assert (
        "The number of institutions ranked has increased (776 in 2021 and 1,115 in 2022)." in text
    )
    assert release.title == "Groupe Exemple schools in the 2022 THE Impact Rankings"


def test_english_and_french_write_the_same_sections():
    schools = (
        school("École A", rank="101-200", previous="201-300"),
        school("École B", rank="601-800"),
    )
    en, fr = (write_release(facts(*schools), language) for language in ("en", "fr"))
    assert [s.heading for s in en.sections][1:] == [s.heading for s in fr.sections][1:]
    assert len(en.intro) == len(fr.intro)


def test_plain_text_has_no_heading_markers_but_the_editable_body_does():
    release = write_release(facts(school(rank="101-200", previous="201-300")), "en")
    assert "\n## One GE school in the ranking\n" in body_text(release)
    assert "\n### École A\n" in body_text(release)
    assert "#" not in plain_text(release)


def test_release_without_previous_edition_claims_no_movement_and_no_newcomer():
    release = write_release(facts(school(rank="101-200"), size=(None, 1115)), "en")
    text = flat(body_text(release))
    assert "École A is in the 101–200 band in the 2022 overall ranking." in text
    assert "entered" not in text
    assert "join" not in text
    assert release.sections[0].heading == "One GE school in the ranking"
    # The edition's size is stated, not compared with an edition that is not there.
    assert (
        flat(" ".join(release.sections[0].paragraphs))
        == "The 2022 edition ranks 1,115 institutions."
    )


def test_group_without_any_ranked_school_gets_a_release_that_says_so():
    release = write_release(facts(size=(776, 1115)), "en")
    assert release.intro[0] == "Groupe Exemple (GE) has no school in the 2022 overall ranking."
    french = write_release(facts(size=(776, 1115)), "fr")
    assert (
        flat(french.intro[0])
        == "Cette année, aucune école du groupe GE ne figure au classement général 2022."
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "École A and École B are joint first among French institutions.",
        ),
        (
            "fr",
            "École A et École B sont à égalité en tête des établissements français.",
        ),
    ],
)
def test_lead_names_both_schools_tied_first_in_the_country(language, expected):
    tied = {"rank": "=57", "previous": "101-200", "national_rank": 1, "national_rank_shared": True}
    schools = (
        school("École A", previous_national_rank=1, **tied),
        school("École B", previous_national_rank=2, **tied),
    )
    release = write_release(facts(*schools), language)
    assert expected in intro(release)
    assert "remains first" not in intro(release)
    assert "reste en tête" not in intro(release)
    for name in ("École A", "École B"):
        assert {"en": "joint first", "fr": "à égalité en tête"}[language] in section(release, name)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "École A is joint first among French institutions."),
        ("fr", "École A est à égalité en tête des établissements français."),
    ],
)
def test_lead_says_joint_first_when_the_tie_is_with_a_school_outside_the_group(language, expected):
    one = school("École A", rank="=57", previous="=57", national_rank=1, national_rank_shared=True)
    assert expected in lead(language, one)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "École A is first among French institutions."),
        ("fr", "École A arrive en tête des établissements français."),
    ],
)
def test_lead_does_not_claim_a_new_lead_when_last_years_national_rank_is_unknown(
    language, expected
):
    one = school("École A", rank="101-200", previous="101-200", national_rank=1)
    text = lead(language, one)
    assert expected in text
    assert "taken the lead" not in text
    assert "prend la tête" not in text


LEFT_WITH_SDGS = [
    ("enough-sdgs", (1, 2, 3, 17), False),
    ("no-sdg-17", (1, 2, 3, 4, 5), True),
    ("too-few-other-sdgs", (1, 2, 17), True),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("case", "numbers", "explained"), LEFT_WITH_SDGS, ids=[c[0] for c in LEFT_WITH_SDGS]
)
def test_sdg_17_rule_is_explained_only_when_it_is_why_the_overall_rank_is_missing(
    language, case, numbers, explained
):
    sdgs = tuple(sdg(n, "401-600") for n in numbers)
    text = paragraph(language, school(previous="601-800", sdgs=sdgs))
    still = {
        "en": "is not in the 2022 overall ranking. It still appears in SDG tables",
        "fr": "ne figure pas au classement général 2022. L’école reste présente dans des "
        "classements par ODD",
    }[language]
    assert still in text
    assert (("SDG 17 and at least three" in text) or ("l’ODD 17 et au moins" in text)) is explained


def one_school_group(*schools, **kwargs):
    """A group of one school whose short name is its name, as École des Ponts was entered."""
    return replace(
        facts(*schools, **kwargs), group_name="École des Ponts", group_short_name="École des Ponts"
    )


@pytest.mark.parametrize(
    ("language", "title", "ranked_heading"),
    [
        ("en", "École des Ponts in the 2022 THE Impact Rankings", "One École des Ponts school"),
        (
            "fr",
            "Le groupe École des Ponts au classement THE Impact Rankings 2022",
            "Une école du groupe École des Ponts",
        ),
    ],
)
def test_a_group_of_one_school_is_written_in_the_singular(language, title, ranked_heading):
    release = write_release(one_school_group(school("École A", rank="601-800")), language)
    assert flat(release.title) == title
    assert flat(release.sections[0].heading).startswith(ranked_heading)
    text = intro(release)
    assert "1st school" not in text
    assert "1re école" not in text
    assert "École des Ponts (École des Ponts)" not in text
    assert {
        "en": "This year, École des Ponts has one of its schools",
        "fr": "Cette année, une école du groupe École des Ponts figure parmi",
    }[language] in text


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "École des Ponts stands out in the 2022 THE Impact Rankings"),
        ("fr", "Classement THE Impact Rankings 2022 : le groupe École des Ponts se distingue"),
    ],
)
def test_a_group_of_one_school_that_stands_out_is_singular(language, title):
    one = school("École A", rank="601-800", previous="801-1000")
    assert flat(write_release(one_school_group(one), language).title) == title


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_about_section_without_about_text_website_or_social_handle(language):
    release = write_release(facts(school(rank="601-800")), language)
    assert release.about_heading == ""
    text = plain_text(release)
    assert "About" not in text
    assert "À propos" not in text
    with_site = write_release(
        replace(facts(school(rank="601-800")), website="https://ge.example/"), language
    )
    assert {"en": "About Groupe Exemple", "fr": "À propos du groupe GE"}[language] in flat(
        plain_text(with_site)
    )
    assert "https://ge.example/" in plain_text(with_site)


@pytest.mark.parametrize(
    ("language", "schools", "expected"),
    [
        ("en", (school(sdgs=(sdg(5, "201-300"),)),), "GE in the SDG tables"),
        ("fr", (school(sdgs=(sdg(5, "201-300"),)),), "Le groupe GE dans les classements par ODD"),
        ("en", (school(previous="601-800", listed=False),), "No GE school in the ranking"),
        (
            "fr",
            (school(previous="601-800", listed=False),),
            "Aucune école du groupe GE au classement",
        ),
    ],
)
def test_ranking_heading_without_any_overall_rank_never_counts_zero(language, schools, expected):
    heading = flat(write_release(facts(*schools), language).sections[0].heading)
    assert heading == expected
    assert "0" not in heading
