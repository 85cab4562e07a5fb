"""French and English typography: ordinals, thousands, quotes, no-break spaces."""

import datetime

import pytest

from press.generator import body_text, plain_text, write_release
from press.typography import (
    NBSP,
    NNBSP,
    WORD_JOINER,
    band,
    french_spacing,
    institutions_of,
    join,
    long_date,
    number,
    of,
    ordinal,
    quote,
    small_number,
)
from rankings.ranks import Rank

from .conftest import facts, school, sdg


@pytest.mark.parametrize(
    ("n", "english", "french_masculine", "french_feminine"),
    [
        (1, "1st", "1er", "1re"),
        (2, "2nd", "2e", "2e"),
        (3, "3rd", "3e", "3e"),
        (4, "4th", "4e", "4e"),
        (11, "11th", "11e", "11e"),
        (12, "12th", "12e", "12e"),
        (13, "13th", "13e", "13e"),
        (21, "21st", "21e", "21e"),
        (22, "22nd", "22e", "22e"),
        (101, "101st", "101e", "101e"),
        (111, "111th", "111e", "111e"),
    ],
)
def test_ordinals(n, english, french_masculine, french_feminine):
    assert ordinal(n, "en") == english
    assert ordinal(n, "fr") == french_masculine
    assert ordinal(n, "fr", feminine=True) == french_feminine


@pytest.mark.parametrize(
    ("n", "english", "french"),
    [
        (776, "776", "776"),
        (1115, "1,115", f"1{NNBSP}115"),
        (1234567, "1,234,567", f"1{NNBSP}234{NNBSP}567"),
    ],
)
def test_thousands_separators(n, english, french):
    assert number(n, "en") == english
    assert number(n, "fr") == french


def test_french_spacing_puts_no_break_spaces_before_double_punctuation():
    text = french_spacing("Contact : Séverine ; vraiment ? Oui ! « Faim zéro »")
    assert text == (
        f"Contact{NBSP}: Séverine{NNBSP}; vraiment{NNBSP}? Oui{NNBSP}! «{NBSP}Faim zéro{NBSP}»"
    )


def test_french_spacing_leaves_addresses_and_times_alone():
    text = "Voir https://www.imt.fr/?a=1 à 10:30"
    assert french_spacing(text) == text


def test_french_spacing_is_idempotent():
    once = french_spacing("Note : « oui » ; non ?")
    assert french_spacing(once) == once


def test_quoting_a_name_with_guillemets_does_not_nest_them():
    assert quote(f"Faim «{NBSP}zéro{NBSP}»", "fr") == "« Faim “zéro” »"
    assert quote("Zero hunger", "en") == "“Zero hunger”"


def test_lists_use_the_language_conjunction():
    assert join(["A", "B", "C"], "en") == "A, B and C"
    assert join(["A", "B"], "fr") == "A et B"
    assert join(["A"], "fr") == "A"


def test_institutions_of_a_country_with_and_without_an_adjective():
    assert institutions_of("FR", "en") == "French institutions"
    assert institutions_of("FR", "fr") == "établissements français"
    assert institutions_of("KR", "en") == "institutions in South Korea"
    assert institutions_of("KR", "fr") == "établissements du pays (Corée du Sud)"


def test_french_release_text_has_no_ordinary_space_before_double_punctuation():
    one = school(rank="101-200", sdgs=(sdg(2, "101-200", 1), sdg(15, "101-200", 1)))
    text = plain_text(write_release(facts(one), "fr"))
    for mark in ":;!?»":
        assert f" {mark}" not in text
    assert "« " not in text
    assert f"1{NNBSP}115" in text


@pytest.mark.parametrize(
    ("name", "english", "french"),
    [
        ("IMT Atlantique", "of IMT Atlantique", "d’IMT Atlantique"),
        ("Institut Mines-Télécom", "of Institut Mines-Télécom", "d’Institut Mines-Télécom"),
        ("École des Mines", "of École des Mines", "d’École des Mines"),
        ("Mines Saint-Étienne", "of Mines Saint-Étienne", "de Mines Saint-Étienne"),
        ("Télécom Paris", "of Télécom Paris", "de Télécom Paris"),
    ],
)
def test_of_a_name_elides_the_french_de_before_a_vowel(name, english, french):
    assert of(name, "en") == english
    assert of(name, "fr") == french


@pytest.mark.parametrize(
    ("day", "english", "french"),
    [
        (datetime.date(2026, 12, 1), "1 December 2026", "1er décembre 2026"),
        (datetime.date(2026, 12, 2), "2 December 2026", "2 décembre 2026"),
        (datetime.date(2026, 8, 21), "21 August 2026", "21 août 2026"),
    ],
)
def test_long_dates_make_the_first_of_the_month_an_ordinal_in_french(day, english, french):
    assert long_date(day, "en") == english
    assert long_date(day, "fr") == french


@pytest.mark.parametrize(
    ("language", "together"),
    [
        (
            "en",
            [
                f"the 101–{WORD_JOINER}200 band",
                f"(201–{WORD_JOINER}300)",
                f"in two{NBSP}of them",
                f"in three{NBSP}of the 17{NBSP}SDGs",
                f"the 18{NBSP}French institutions",
            ],
        ),
        (
            "fr",
            [
                f"la tranche 101–{WORD_JOINER}200",
                f"(201–{WORD_JOINER}300)",
                f"pour deux{NBSP}d’entre eux",
                f"dans trois{NBSP}des 17{NBSP}ODD",
                f"les 18{NBSP}établissements français",
            ],
        ),
    ],
)
def test_bands_and_counts_are_kept_on_one_line(language, together):
    sdgs = (sdg(5, "201-300"), sdg(6, "201-300"), sdg(17, "401-600"))
    one = school(rank="101-200", previous="201-300", national_rank=3, sdgs=sdgs)
    release = write_release(facts(one), language)
    text = body_text(release)
    for phrase in together:
        assert phrase in text
    # E-mail clients wrap plain text as they like: no invisible joiners there.
    assert WORD_JOINER not in plain_text(release)
    assert "101–200" in plain_text(release)


def test_a_band_keeps_its_dash_and_both_ends_together():
    assert band(Rank.parse("101-200")) == f"101–{WORD_JOINER}200"
    assert band(Rank.parse("1001+")) == "1001+"
    assert band(Rank.parse("=57")) == "=57"


def test_one_to_nine_are_written_in_words_and_larger_numbers_in_figures():
    assert [small_number(n, "en") for n in (1, 4, 9, 10)] == ["one", "four", "nine", "10"]
    assert [small_number(n, "fr") for n in (1, 2, 4, 17)] == ["un", "deux", "quatre", "17"]
    assert small_number(1, "fr", feminine=True) == "une"
    assert small_number(1115, "fr") == f"1{NNBSP}115"
