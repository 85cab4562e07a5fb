"""Every fact of the 2021 reference release (BRIEF.md), stated by the generated release in
English and in French, from the demo data."""

import pytest

from press.facts import release_facts
from press.generator import plain_text, write_release

from .conftest import flat, intro, section

ATLANTIQUE = "IMT Atlantique"
ALES = "IMT Mines Alès"
SAINT_ETIENNE = "Mines Saint-Étienne"
BUSINESS_SCHOOL = "Institut Mines-Télécom Business School"
LEAD = None  # the introduction, before the first heading
RANKING_SECTION = {
    "en": "Four IMT schools in the ranking",
    "fr": "Quatre écoles du groupe IMT au classement",
}

# (fact, where it is stated, {language: phrases the text must contain})
FACTS = [
    (
        "atlantique-moved-from-301-400-to-101-200",
        ATLANTIQUE,
        {
            "en": [
                "has moved up sharply in the overall ranking, from the 301–400 band in 2020 to the 101–200 band in 2021"
            ],
            "fr": [
                "progresse au classement général, de la tranche 301–400 en 2020 à la tranche 101–200 en 2021"
            ],
        },
    ),
    (
        "atlantique-first-among-french-institutions",
        ATLANTIQUE,
        {
            "en": ["It is thus ranked first among French institutions."],
            "fr": ["L’école prend ainsi la tête des établissements français."],
        },
    ),
    (
        "atlantique-ranked-in-all-17-sdgs",
        ATLANTIQUE,
        {"en": ["Ranked in all 17 SDGs, the school"], "fr": ["Présente dans les 17 ODD, l’école"]},
    ),
    (
        "atlantique-world-top-100-in-two-sdgs",
        ATLANTIQUE,
        {
            "en": [
                "the school is in the world top 100 in two of them, SDG 7 “Affordable and clean energy” (78) and SDG 13 “Climate action” (97)"
            ],
            "fr": [
                "dans le top 100 mondial pour deux d’entre eux, ODD 7 « Énergie propre et d’un coût abordable » (78) et ODD 13"
            ],
        },
    ),
    (
        "ales-kept-its-position-top-400",
        ALES,
        {
            "en": [
                "has kept its position in the overall ranking, in the 301–400 band (world top 400)"
            ],
            "fr": [
                "conserve sa position au classement général, dans la tranche 301–400 (top 400 mondial)"
            ],
        },
    ),
    (
        "ales-ranked-in-16-of-17-sdgs",
        ALES,
        {
            "en": ["Ranked in 16 of the 17 SDGs, the school"],
            "fr": ["Présente dans 16 des 17 ODD, l’école"],
        },
    ),
    (
        "ales-top-200-in-7-sdgs-and-top-300-in-4-more",
        ALES,
        {
            "en": [
                "the school is in the world top 200 in seven of them and in the top 300 in four more."
            ],
            "fr": [
                "l’école se classe dans le top 200 mondial pour sept d’entre eux et dans le top 300 pour quatre autres."
            ],
        },
    ),
    (
        "ales-first-among-french-institutions-in-two-sdgs",
        ALES,
        {
            "en": [
                "Among French institutions, it is first in two SDGs: SDG 2 “Zero hunger” (101–200) and SDG 15 “Life on land” (101–200)."
            ],
            "fr": [
                "Parmi les établissements français, l’école est 1re dans deux ODD : ODD 2 « Faim “zéro” » (101–200) et ODD 15 « Vie terrestre » (101–200)."
            ],
        },
    ),
    (
        "saint-etienne-in-401-600",
        SAINT_ETIENNE,
        {"en": ["in the 401–600 band"], "fr": ["dans la tranche 401–600"]},
    ),
    (
        "saint-etienne-world-top-200-in-sdg-11-and-12",
        SAINT_ETIENNE,
        {
            "en": [
                "in the world top 200 in two of them: SDG 11 “Sustainable cities and communities” (101–200) and SDG 12 “Responsible consumption and production” (101–200)."
            ],
            "fr": [
                "dans le top 200 mondial pour deux d’entre eux : ODD 11 « Villes et communautés durables » (101–200) et ODD 12 « Consommation et production responsables » (101–200)."
            ],
        },
    ),
    (
        "business-school-new-entry-in-601-800",
        BUSINESS_SCHOOL,
        {
            "en": ["has entered the overall ranking in the 601–800 band."],
            "fr": ["fait son entrée au classement général dans la tranche 601–800."],
        },
    ),
    (
        "business-school-ranked-in-5-of-17-sdgs",
        BUSINESS_SCHOOL,
        {
            "en": ["Ranked in five of the 17 SDGs, the school"],
            "fr": ["Présente dans cinq des 17 ODD, l’école"],
        },
    ),
    (
        "business-school-sdg-10-in-101-200",
        BUSINESS_SCHOOL,
        {
            "en": ["SDG 10 “Reduced inequalities” (101–200)"],
            "fr": ["ODD 10 « Inégalités réduites » (101–200)"],
        },
    ),
    (
        "four-schools-among-18-french-institutions",
        LEAD,
        {
            "en": [
                "Institut Mines-Télécom (IMT) has four of its schools among the 18 French institutions ranked."
            ],
            "fr": [
                "quatre écoles du groupe IMT (Institut Mines-Télécom) figurent parmi les 18 établissements français classés."
            ],
        },
    ),
    (
        "atlantique-leads-the-french",
        LEAD,
        {
            "en": ["IMT Atlantique has taken the lead among French institutions."],
            "fr": ["IMT Atlantique prend la tête des établissements français."],
        },
    ),
    (
        "business-school-is-the-4th-to-join",
        LEAD,
        {
            "en": [
                "Institut Mines-Télécom Business School is the 4th school in the group to join the ranking."
            ],
            "fr": [
                "Institut Mines-Télécom Business School est la 4e école du groupe à entrer dans le classement."
            ],
        },
    ),
    (
        "edition-grew-from-776-to-1115",
        RANKING_SECTION,
        {
            "en": [
                "(776 in 2020 and 1,115 in 2021)",
                "IMT schools have improved or maintained their position",
            ],
            "fr": ["(776 en 2020 et 1 115 en 2021)", "progressent ou maintiennent leur position"],
        },
    ),
    (
        "measures-the-17-sdgs",
        LEAD,
        {
            "en": [
                "measures the contribution of higher education and research institutions to the 17 Sustainable Development Goals"
            ],
            "fr": ["aux 17 Objectifs de développement durable (ODD)"],
        },
    ),
]


@pytest.fixture(params=["en", "fr"])
def language(request):
    return request.param


@pytest.mark.parametrize(("fact", "where", "phrases"), FACTS, ids=[f[0] for f in FACTS])
def test_release_states_reference_fact(imt, edition_2021, language, fact, where, phrases):
    release = write_release(release_facts(imt, edition_2021), language)
    if where is LEAD:
        text = intro(release)
    elif isinstance(where, dict):
        text = section(release, where[language])
    else:
        text = section(release, where)
    for phrase in phrases[language]:
        assert phrase in text


def test_release_title_says_the_schools_stand_out(imt, edition_2021, language):
    release = write_release(release_facts(imt, edition_2021), language)
    expected = {
        "en": "Institut Mines-Télécom schools stand out in the 2021 THE Impact Rankings",
        "fr": "Classement THE Impact Rankings 2021 : les écoles du groupe IMT se distinguent",
    }
    assert flat(release.title) == expected[language]


def test_release_ends_with_about_social_handle_and_press_contact(imt, edition_2021, language):
    text = flat(plain_text(write_release(release_facts(imt, edition_2021), language)))
    about = {"en": "About Institut Mines-Télécom", "fr": "À propos du groupe IMT"}[language]
    assert about in text
    assert "https://www.imt.fr" in text
    assert "13,000 students" in text if language == "en" else "13000 étudiants" in text
    assert "@IMTFrance" in text
    assert "Séverine Picault" in text
    assert "+33 (0) 6 27 66 05 09 / +33 (0) 1 75 31 40 97" in text
    assert "severine.picault@imt.fr" in text
    assert {"en": "Press officer", "fr": "Attachée de presse"}[language] in text


def test_schools_absent_from_both_editions_get_no_paragraph(imt, edition_2021, language):
    release = write_release(release_facts(imt, edition_2021), language)
    headings = [s.heading for s in release.sections if s.level == 3]
    assert headings == [ATLANTIQUE, ALES, SAINT_ETIENNE, BUSINESS_SCHOOL]
