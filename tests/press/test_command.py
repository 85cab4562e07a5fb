"""`manage.py press_release` prints the release generated from the data."""

import io

import pytest
from django.core.management import CommandError, call_command

from press.facts import release_facts
from press.generator import plain_text, write_release


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("press_release", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_command_prints_the_plain_text_release(imt, edition_2021, language):
    output = run("--edition", "2021", "--group", "imt", "--lang", language)
    assert output == plain_text(write_release(release_facts(imt, edition_2021), language))
    assert output.splitlines()[0] == write_release(release_facts(imt, edition_2021), language).title


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
