from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from rankings.forms import RankField, ResultForm, ScoreField, ScoreRange, SDGResultForm
from rankings.models import SDG, Result
from rankings.ranks import Rank
from tests.factories import EditionFactory, ResultFactory, SchoolFactory, SDGResultFactory

ranks = st.one_of(
    st.integers(1, 5000).map(Rank.exact),
    st.integers(1, 5000).map(lambda n: Rank.exact(n, tie=True)),
    st.tuples(st.integers(1, 5000), st.integers(0, 500)).map(lambda t: Rank(t[0], t[0] + t[1])),
    st.integers(1, 5000).map(lambda n: Rank(n, None)),
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("57", Rank(57, 57)),
        ("=57", Rank(57, 57, tie=True)),
        ("101-200", Rank(101, 200)),
        ("[301 – 400]", Rank(301, 400)),
        ("1001+", Rank(1001, None)),
        ("  601—800 ", Rank(601, 800)),
    ],
)
def test_rank_field_reads_what_editors_type(typed, stored):
    rank = RankField().clean(typed)
    assert (rank.low, rank.high, rank.tie) == (stored.low, stored.high, stored.tie)


@pytest.mark.parametrize("typed", ["abc", "200-101", "0", "=101-200", "top 100"])
def test_rank_field_rejects_what_is_not_a_rank_with_the_reason(typed):
    with pytest.raises(ValidationError) as error:
        RankField().clean(typed)
    message = error.value.messages[0]
    assert message[0].isupper() or message[0] in "“«"
    assert message.endswith(".")


def test_rank_field_error_says_what_a_rank_looks_like():
    with pytest.raises(ValidationError, match="expected 57, =57, 101–200 or 1001"):
        RankField().clean("top ten")


def test_empty_rank_is_none_unless_required():
    assert RankField(required=False).clean("  ") is None
    with pytest.raises(ValidationError, match="required"):
        RankField(required=True).clean("")


@given(ranks)
def test_rank_field_reads_back_what_it_prints(rank):
    parsed = RankField().clean(str(rank))
    assert (parsed.low, parsed.high, parsed.tie) == (rank.low, rank.high, rank.tie)


def test_turning_a_rank_into_a_tie_counts_as_a_change():
    # Rank equality ignores the tie; the form must not.
    assert RankField().has_changed(Rank.exact(57), "=57")
    assert not RankField().has_changed(Rank.exact(57), "57")
    assert not RankField().has_changed(Rank(101, 200), "101-200")
    assert not RankField().has_changed(None, "")


@pytest.mark.parametrize(
    ("typed", "low", "high"),
    [
        ("72.3", "72.3", None),
        ("72,3", "72.3", None),
        ("72.3–77.5", "72.3", "77.5"),
        ("72.3 - 77.5", "72.3", "77.5"),
        ("72.30", "72.3", None),
        ("100", "100", None),
        ("0", "0", None),
        ("50-50", "50", None),
    ],
)
def test_score_field_reads_a_score_or_a_range(typed, low, high):
    score = ScoreField().clean(typed)
    assert score == ScoreRange(Decimal(low), Decimal(high) if high else None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("seventy", "is not a score"),
        ("72.3-", "is not a score"),
        ("101", "between 0 and 100"),
        ("-5", "between 0 and 100"),
        ("72.35", "at most one decimal"),
        ("77.5–72.3", "ends reversed"),
        ("NaN", "is not a score"),
    ],
)
def test_score_field_rejects_bad_scores_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        ScoreField().clean(typed)


scores = st.integers(0, 1000).map(lambda tenths: Decimal(tenths) / 10)


@given(scores, scores)
def test_score_field_reads_back_every_score_range_it_prints(a, b):
    typed = ScoreRange(min(a, b), max(a, b) if a != b else None)
    assert ScoreField().clean(str(typed)) == typed


def test_score_range_prints_with_an_en_dash():
    assert str(ScoreRange(Decimal("72.3"), Decimal("77.5"))) == "72.3–77.5"
    assert str(ScoreRange(Decimal("72.3"))) == "72.3"


@pytest.mark.django_db
def test_result_form_writes_the_rank_and_score_columns():
    edition, school = EditionFactory(), SchoolFactory()
    form = ResultForm(
        data={
            "edition": edition.pk,
            "school": school.pk,
            "rank": "[301 - 400]",
            "score": "61.2–68.4",
            "national_rank": "2",
        }
    )
    assert form.is_valid(), form.errors
    result = form.save()
    result.refresh_from_db()
    assert (result.rank_low, result.rank_high, result.rank_tie) == (301, 400, False)
    assert (result.score_low, result.score_high) == (Decimal("61.2"), Decimal("68.4"))


@pytest.mark.django_db
def test_result_form_shows_the_stored_rank_and_score_as_text():
    result = ResultFactory(rank="=57", score_low=Decimal("80.1"), score_high=Decimal("85.0"))
    form = ResultForm(instance=result)
    assert 'value="=57"' in str(form["rank"])
    assert 'value="80.1–85.0"' in str(form["score"])
    assert "rank_low" not in form.fields
    assert "score_high" not in form.fields


@pytest.mark.django_db
def test_result_form_can_clear_the_overall_rank():
    result = ResultFactory(rank="101-200", score_low=Decimal("70.0"))
    form = ResultForm(
        instance=result,
        data={"edition": result.edition_id, "school": result.school_id, "rank": "", "score": ""},
    )
    assert form.is_valid(), form.errors
    form.save()
    result.refresh_from_db()
    assert (result.rank_low, result.rank_high, result.score_low) == (None, None, None)


@pytest.mark.django_db
def test_result_form_with_a_bad_rank_saves_nothing():
    edition, school = EditionFactory(), SchoolFactory()
    form = ResultForm(data={"edition": edition.pk, "school": school.pk, "rank": "101-abc"})
    assert not form.is_valid()
    assert "is not a rank" in form.errors["rank"][0]
    assert not Result.objects.exists()


@pytest.mark.django_db
def test_sdg_result_form_requires_a_rank():
    result = ResultFactory()
    form = SDGResultForm(data={"result": result.pk, "sdg": 11, "rank": ""})
    assert not form.is_valid()
    assert form.errors["rank"] == ["This field is required."]


@pytest.mark.django_db
def test_sdg_result_form_rejects_a_second_row_for_the_same_sdg():
    entry = SDGResultFactory(sdg=SDG.objects.get(number=11))
    form = SDGResultForm(data={"result": entry.result_id, "sdg": 11, "rank": "101-200"})
    assert not form.is_valid()
    assert "already exists" in str(form.errors)
