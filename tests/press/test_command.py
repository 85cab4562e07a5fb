"""`manage.py press_release` prints the release generated from the data."""

import io

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("press_release", *args, stdout=out)
    return out.getvalue()


# The demo's 2021 release as the office e-mails it: blocks separated by a blank line.
NBSP = "\u00a0"
PRINTED = {
    "en": {
        "first": [
            "Institut Mines-Télécom schools stand out in the 2021 THE Impact Rankings",
            f"This year, Institut Mines-Télécom (IMT) has four{NBSP}of its schools among the "
            f"18{NBSP}French institutions ranked. Three of them are in the top 10 of French "
            "institutions. IMT Atlantique has taken the lead among French "
            "institutions. Institut Mines-Télécom Business School is the 4th school in the group "
            "to join the ranking.",
        ],
        "headings": [
            f"Four{NBSP}IMT schools in the ranking",
            "IMT Atlantique",
            "IMT Mines Alès",
            "Mines Saint-Étienne",
            "Institut Mines-Télécom Business School",
            "About Institut Mines-Télécom",
        ],
        "last": [
            "@IMTFrance",
            "Press contact",
            "Institut Mines-Télécom\nSéverine Picault\nPress officer\n"
            "+33 (0) 6 27 66 05 09 / +33 (0) 1 75 31 40 97\nseverine.picault@imt.fr\n",
        ],
    },
    "fr": {
        "first": [
            f"Classement THE Impact Rankings 2021{NBSP}: les écoles du groupe IMT se distinguent",
            f"Cette année, quatre{NBSP}écoles du groupe IMT (Institut Mines-Télécom) figurent "
            f"parmi les 18{NBSP}établissements français classés. Trois d’entre elles se classent "
            "dans le top 10 des établissements français. IMT Atlantique prend la tête des "
            "établissements français. Institut Mines-Télécom Business School est la 4e école du "
            "groupe à entrer dans le classement.",
        ],
        "headings": [
            f"Quatre{NBSP}écoles du groupe IMT au classement",
            "IMT Atlantique",
            "IMT Mines Alès",
            "Mines Saint-Étienne",
            "Institut Mines-Télécom Business School",
            "À propos du groupe IMT",
        ],
        "last": [
            "@IMTFrance",
            "Contact presse",
            "Institut Mines-Télécom\nSéverine Picault\nAttachée de presse\n"
            "+33 (0) 6 27 66 05 09 / +33 (0) 1 75 31 40 97\nseverine.picault@imt.fr\n",
        ],
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_command_prints_the_plain_text_release(demo, language):
    output = run("--edition", "2021", "--group", "imt", "--lang", language)

    blocks = output.split("\n\n")
    expected = PRINTED[language]
    assert blocks[:2] == expected["first"]
    assert [block for block in blocks if block in expected["headings"]] == expected["headings"]
    assert blocks[-3:] == expected["last"]
    # Plain text: no heading markers, and no word joiners for an e-mail client to trip on.
    assert "#" not in output
    assert "\u2060" not in output


def test_command_says_which_groups_exist(demo):
    with pytest.raises(CommandError, match=r"No group with the slug 'nope' \(known: imt\)"):
        run("--edition", "2021", "--group", "nope")


def test_command_refuses_an_unknown_edition(demo):
    with pytest.raises(CommandError, match="No edition 1999"):
        run("--edition", "1999", "--group", "imt")


@pytest.mark.parametrize(
    ("language", "ranked", "claims"),
    [
        (
            "en",
            "IMT Atlantique is in the 301–400 band in the 2020 overall ranking.",
            ["join the ranking", "has entered", "moved up", "moved down", "kept its position"],
        ),
        (
            "fr",
            "IMT Atlantique figure dans la tranche 301–400 du classement général 2020.",
            ["entrée", "progresse", "recule", "conserve"],
        ),
    ],
)
def test_the_first_edition_in_the_data_makes_no_movement_or_newcomer_claim(
    demo, language, ranked, claims
):
    output = run("--edition", "2020", "--group", "imt", "--lang", language)
    assert ranked in output
    assert not [claim for claim in claims if claim in output]
