import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from rankings.ranks import Movement, Rank, RankError, movement

exact = st.integers(min_value=1, max_value=90_000)  # bands reach 10,000 more: <= MAX_POSITION


@st.composite
def ranks(draw):
    low = draw(exact)
    kind = draw(st.sampled_from(["exact", "tie", "band", "open"]))
    if kind == "exact":
        return Rank.exact(low)
    if kind == "tie":
        return Rank.exact(low, tie=True)
    if kind == "open":
        return Rank(low, None)
    return Rank(low, low + draw(st.integers(min_value=1, max_value=10_000)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("57", Rank(57, 57)),
        (" 57 ", Rank(57, 57)),
        ("=57", Rank(57, 57, tie=True)),
        ("= 57", Rank(57, 57, tie=True)),
        ("101-200", Rank(101, 200)),
        ("101–200", Rank(101, 200)),  # en dash
        ("101—200", Rank(101, 200)),  # em dash
        ("101−200", Rank(101, 200)),  # minus sign
        ("101 - 200", Rank(101, 200)),
        ("[301-400]", Rank(301, 400)),
        ("[ 301 – 400 ]", Rank(301, 400)),
        ("1001+", Rank(1001, None)),
        ("1 001+", Rank(1001, None)),
        ("1,001+", Rank(1001, None)),
        ("1001 +", Rank(1001, None)),
        ("\u00a0601\u2013800\u00a0", Rank(601, 800)),
        ("\uff15\uff17", Rank(57, 57)),  # full-width digits, as some spreadsheets produce
        ("57.0", Rank(57, 57)),
        ("200-200", Rank(200, 200)),
    ],
)
def test_parses_the_spellings_people_use(text, expected):
    parsed = Rank.parse(text)
    assert parsed == expected
    assert parsed.tie == expected.tie


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "abc",
        "0",
        "-5",
        "200-101",
        "101-",
        "-200",
        "=101-200",
        "57.5",
        "1001-",
        "++",
        "1e3",
        "12a",
    ],
)
def test_refuses_what_is_not_a_rank(text):
    with pytest.raises(RankError):
        Rank.parse(text)


@pytest.mark.parametrize("text", ["99999999999999999999", "100001", "1-4294967296", "4294967296+"])
def test_a_position_beyond_any_ranking_is_refused_before_the_database(text):
    with pytest.raises(RankError, match=r"is beyond any ranking \(at most 100000\)"):
        Rank.parse(text)


def test_reversed_band_names_the_problem():
    with pytest.raises(RankError, match="reversed"):
        Rank.parse("400-301")


def test_a_rank_error_speaks_the_active_language_and_english_on_demand():
    with pytest.raises(RankError) as caught:
        Rank.parse("abc")

    with translation.override("fr"):
        assert (
            str(caught.value)
            == "«\u00a0abc\u00a0» n’est pas un rang (attendu\u00a0: 57, =57, 101–200 ou 1001+)"
        )
        assert caught.value.english == "“abc” is not a rank (expected 57, =57, 101–200 or 1001+)"


def test_numbers_from_spreadsheet_cells_are_ranks():
    assert Rank.parse(57) == Rank.exact(57)
    assert Rank.parse(57.0) == Rank.exact(57)
    with pytest.raises(RankError):
        Rank.parse(57.5)
    with pytest.raises(RankError):
        Rank.parse(True)


@pytest.mark.parametrize(
    ("rank", "shown"),
    [
        (Rank.exact(57), "57"),
        (Rank.exact(57, tie=True), "=57"),
        (Rank(101, 200), "101–200"),
        (Rank(1001, None), "1001+"),
    ],
)
def test_one_normalised_display(rank, shown):
    assert str(rank) == shown


@given(ranks())
def test_display_parses_back_to_the_same_rank(rank):
    again = Rank.parse(str(rank))
    assert again == rank
    assert again.tie == rank.tie
    assert str(again) == str(rank)


@given(ranks(), ranks(), ranks())
def test_order_is_total_and_transitive(a, b, c):
    assert (a < b) + (a == b) + (a > b) == 1
    if a <= b and b <= c:
        assert a <= c


@given(ranks(), ranks())
def test_better_is_lower(a, b):
    assert a.is_better_than(b) == (a < b)
    assert a.is_worse_than(b) == (a > b)


def test_bands_compare_by_their_bounds():
    assert Rank.parse("101-200") < Rank.parse("301-400")
    assert Rank.parse("57") < Rank.parse("101-200")
    assert Rank.parse("1001+") > Rank.parse("801-1000")
    assert Rank.parse("601-800") < Rank.parse("601+")
    assert Rank.parse("=57") == Rank.parse("57")
    assert sorted(Rank.parse(t) for t in ["1001+", "=3", "101-200", "57"]) == [
        Rank.parse("=3"),
        Rank.parse("57"),
        Rank.parse("101-200"),
        Rank.parse("1001+"),
    ]


@pytest.mark.parametrize(
    ("text", "n", "within"),
    [
        ("57", 100, True),
        ("100", 100, True),
        ("101", 100, False),
        ("101-200", 200, True),
        ("101-200", 100, False),
        ("101-200", 150, False),
        ("1001+", 2000, False),
        ("=97", 100, True),
    ],
)
def test_within_top_n_means_every_covered_position(text, n, within):
    assert Rank.parse(text).within_top(n) is within


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("301-400", "101-200", Movement.UP),
        ("101-200", "301-400", Movement.DOWN),
        ("301-400", "301-400", Movement.SAME),
        ("57", "=57", Movement.SAME),
        (None, "601-800", Movement.NEW),
        ("401-600", None, Movement.LEFT),
        ("150", "101-200", Movement.SAME),
        ("101-200", "150", Movement.SAME),
        ("57", "58", Movement.DOWN),
        ("201-300", "1001+", Movement.DOWN),
        ("601-800", "601+", Movement.SAME),
        ("1001+", "801-1000", Movement.UP),
    ],
)
def test_movement_between_two_editions(before, after, expected):
    previous = Rank.parse(before) if before else None
    current = Rank.parse(after) if after else None
    assert movement(previous, current) is expected


def test_no_movement_without_either_rank():
    assert movement(None, None) is None


@pytest.mark.parametrize(
    "args",
    [(0, 0, False), (5, 4, False), (101, 200, True), (1001, None, True)],
)
def test_invalid_values_cannot_be_built(args):
    with pytest.raises(RankError):
        Rank(*args)


@given(ranks(), ranks())
def test_movement_agrees_with_the_order(previous, current):
    moved = movement(previous, current)
    if moved is Movement.UP:
        assert current < previous
    elif moved is Movement.DOWN:
        assert current > previous
    assert (
        movement(current, previous)
        == {
            Movement.UP: Movement.DOWN,
            Movement.DOWN: Movement.UP,
            Movement.SAME: Movement.SAME,
        }[moved]
    )
