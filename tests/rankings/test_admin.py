"""The rankings' admin as editors and data staff use it: ranks are typed as text, lists cost a
fixed number of queries, the 17 SDGs are fixed, and mistakes are caught on the form with
nothing saved."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import strip_tags

from rankings.models import SDG, Edition, Ranking, Result, SDGResult, SDGTable
from schools.models import School
from tests.conftest import admin_url, autocomplete, open_change_page, staff_user
from tests.factories import (
    EditionCountryFactory,
    EditionFactory,
    GroupFactory,
    RankingFactory,
    ResultFactory,
    SchoolFactory,
    SDGResultFactory,
)


def sdg(number: int) -> SDG:
    return SDG.objects.get(number=number)


# --- Lists cost a fixed number of queries ----------------------------------------------------


def make_results(n: int) -> None:
    group = GroupFactory()
    edition = EditionFactory(year=2021)
    for i in range(n):
        school = SchoolFactory(group=group, kind=School.Kind.MEMBER, country=["FR", "DE"][i % 2])
        result = ResultFactory(edition=edition, school=school, score_low=Decimal("70.5"))
        SDGResultFactory(result=result, sdg=sdg(17))
        SDGResultFactory(result=result, sdg=sdg(1 + i % 16))


def make_sdg_results(n: int) -> None:
    result = ResultFactory()
    for number in range(1, n + 1):
        # More rows than SDGs: spread them over several results.
        if number > 1 and number % 17 == 1:
            result = ResultFactory(edition=result.edition)
        SDGResultFactory(result=result, sdg=sdg(1 + (number - 1) % 17))


def make_editions(n: int) -> None:
    for i in range(n):
        ResultFactory(edition=EditionFactory(year=2000 + i))
        EditionCountryFactory(edition=Edition.objects.get(year=2000 + i))


def make_rankings(n: int) -> None:
    for i in range(n):
        EditionFactory(ranking=RankingFactory(name=f"Ranking {i}", slug=f"ranking-{i}"))


# Each list page's queries: the session, the user, the filters' choices, two counts (the
# filtered rows and all rows) and the page of rows with everything it shows.
LIST_QUERIES = {
    Result: (make_results, 8),
    SDGResult: (make_sdg_results, 8),
    Edition: (make_editions, 6),
    Ranking: (make_rankings, 5),
}


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("model", LIST_QUERIES, ids=lambda model: model._meta.label)
def test_admin_list_query_count_does_not_grow_with_rows(
    admin_client, django_assert_num_queries, model, rows
):
    make_rows, queries = LIST_QUERIES[model]
    make_rows(rows)
    assert model.objects.count() >= rows
    with django_assert_num_queries(queries):
        response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == model.objects.count()


def test_sdg_list_shows_the_17_goals_with_their_colour_in_fixed_queries(
    admin_client, django_assert_num_queries
):
    with django_assert_num_queries(5):
        response = admin_client.get(admin_url(SDG, "changelist"))
    assert len(response.context["cl"].result_list) == 17
    assert 'background:#3F7E44"></span>Climate action' in response.content.decode()
    assert (
        "Mesures relatives à la lutte contre les changements climatiques"
        in response.content.decode()
    )


def edition_with_rows(n: int):
    edition = EditionFactory(year=2021)
    for code in ["FR", "DE", "GB", "US", "ES", "IT", "JP", "BR", "CA", "AU"][:n]:
        EditionCountryFactory(edition=edition, country=code)
    for number in range(1, n + 1):
        SDGTable.objects.create(edition=edition, sdg_id=number, institutions_ranked=1000 + number)
    return edition


# Session, user, the object, its inline rows, what its foreign-key boxes show. An edition has
# two inlines (countries, SDG tables: 2 queries) and the SDG box's 17 goals (1 query, once).
CHANGE_PAGE_QUERIES = {
    Edition: (edition_with_rows, 8),
}


@pytest.mark.parametrize("rows", [1, 10])
@pytest.mark.parametrize("model", CHANGE_PAGE_QUERIES, ids=lambda model: model._meta.label)
def test_change_page_query_count_does_not_grow_with_inline_rows(
    admin_client, django_assert_num_queries, model, rows
):
    make, queries = CHANGE_PAGE_QUERIES[model]
    response = open_change_page(admin_client, django_assert_num_queries, make(rows), queries)
    assert response.context["inline_admin_formsets"][0].formset.initial_form_count() == rows


# --- A Result and its SDG results, typed as editors write them ------------------------------


def result_form_data(result=None, *, edition=None, school=None, rank="", score="", sdg_rows=()):
    """POST data for the Result admin form and its SDG inline (rows: (id, sdg, rank, score))."""
    existing = [row for row in sdg_rows if row[0]]
    data = {
        "edition": (result.edition_id if result else edition.pk),
        "school": (result.school_id if result else school.pk),
        "rank": rank,
        "score": score,
        "national_rank": "",
        "sdg_results-TOTAL_FORMS": str(len(sdg_rows)),
        "sdg_results-INITIAL_FORMS": str(len(existing)),
        "sdg_results-MIN_NUM_FORMS": "0",
        "sdg_results-MAX_NUM_FORMS": "17",
    }
    for i, (pk, number, sdg_rank, sdg_score) in enumerate(sdg_rows):
        data |= {
            f"sdg_results-{i}-id": pk or "",
            f"sdg_results-{i}-result": result.pk if result else "",
            f"sdg_results-{i}-sdg": number,
            f"sdg_results-{i}-rank": sdg_rank,
            f"sdg_results-{i}-score": sdg_score,
            f"sdg_results-{i}-national_rank": "",
        }
    return data


def test_result_change_page_shows_rank_score_and_sdg_results_as_text(admin_client, sample):
    response = admin_client.get(admin_url(Result, "change", sample.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="rank" value="101–200"' in page
    assert 'name="score" value="80.0"' in page
    assert 'name="sdg_results-0-rank" value="=57"' in page
    assert 'name="sdg_results-1-rank" value="101–200"' in page
    assert 'name="rank_low"' not in page
    assert 'name="sdg_results-0-rank_low"' not in page


@pytest.mark.parametrize("sdg_count", [2, 17])
def test_result_change_page_query_count_does_not_grow_with_sdg_results(
    admin_client, django_assert_num_queries, sdg_count
):
    result = ResultFactory()
    for number in range(1, sdg_count + 1):
        SDGResultFactory(result=result, sdg=sdg(number))
    ContentType.objects.get_for_model(Result)  # cached for the process once any test used it
    # Session, user, the result, its edition and school for the two autocomplete boxes,
    # the SDG rows, the 17 goals for their select boxes (once for all rows), and the SDG rows
    # with their names for the press-release sentences.
    with django_assert_num_queries(8):
        response = admin_client.get(admin_url(Result, "change", result.pk))
    page = response.content.decode()
    assert all(f'name="sdg_results-{row}-rank"' in page for row in range(sdg_count))


def test_saving_a_result_with_a_typed_band_stores_its_bounds(admin_client, sample):
    school = SchoolFactory(name="Télécom Paris")
    data = result_form_data(
        edition=sample.edition,
        school=school,
        rank="[301 - 400]",
        score="61,2 – 68,4",
        sdg_rows=[(None, 17, "1001+", ""), (None, 10, " = 57 ", "90.1")],
    )
    response = admin_client.post(admin_url(Result, "add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    result = Result.objects.get(school=school)
    assert (result.rank_low, result.rank_high, result.rank_tie) == (301, 400, False)
    assert (result.score_low, result.score_high) == (Decimal("61.2"), Decimal("68.4"))
    stored = {e.sdg_id: (e.rank_low, e.rank_high, e.rank_tie) for e in result.sdg_results.all()}
    assert stored == {17: (1001, None, False), 10: (57, 57, True)}


def test_a_new_result_starts_in_the_latest_edition(admin_client, sample):
    EditionFactory(year=2020)
    form = admin_client.get(admin_url(Result, "add")).context["adminform"].form
    assert form["edition"].value() == sample.edition_id
    older = Edition.objects.get(year=2020)
    url = admin_url(Result, "add") + f"?edition={older.pk}"
    assert admin_client.get(url).context["adminform"].form["edition"].value() == str(older.pk)


def test_a_bad_rank_shows_the_error_and_saves_nothing(admin_client, sample):
    school = SchoolFactory(name="Télécom Paris")
    data = result_form_data(edition=sample.edition, school=school, rank="301-abc")
    response = admin_client.post(admin_url(Result, "add"), data)
    assert response.status_code == 200
    assert "is not a rank (expected 57, =57, 101–200 or 1001+)" in response.content.decode()
    assert not Result.objects.filter(school=school).exists()


def test_a_bad_sdg_rank_saves_neither_the_result_nor_its_rows(admin_client, sample):
    school = SchoolFactory(name="Télécom Paris")
    data = result_form_data(
        edition=sample.edition,
        school=school,
        rank="101-200",
        sdg_rows=[(None, 17, "201-300", ""), (None, 11, "400-301", "")],
    )
    response = admin_client.post(admin_url(Result, "add"), data)
    assert response.status_code == 200
    assert "bounds are reversed" in response.content.decode()
    assert not Result.objects.filter(school=school).exists()


def test_changing_an_exact_rank_into_a_tie_is_saved(admin_client, sample):
    eleven, twelve = sample.sdg_results.order_by("sdg")
    data = result_form_data(
        sample,
        rank="101-200",
        score="80.0",
        sdg_rows=[(eleven.pk, 11, "57", ""), (twelve.pk, 12, "=101", "")],
    )
    response = admin_client.post(admin_url(Result, "change", sample.pk), data)
    assert response.status_code == 302
    eleven.refresh_from_db()
    twelve.refresh_from_db()
    assert (str(eleven.rank), str(twelve.rank)) == ("57", "=101")


def test_result_list_says_how_each_rank_moved_since_the_edition_before(
    admin_client, django_assert_num_queries, sample
):
    before = EditionFactory(year=2020)
    brest, ales, albi, paris = (
        sample.school,
        *(
            SchoolFactory(name=name)
            for name in ["IMT Mines Alès", "IMT Mines Albi", "Télécom Paris"]
        ),
    )
    ResultFactory(edition=before, school=brest, rank="301-400")
    for school, then, now in [
        (ales, "301-400", "301-400"),
        (albi, None, "601-800"),
        (paris, "601-800", None),
    ]:
        ResultFactory(edition=before, school=school, rank=then)
        ResultFactory(edition=sample.edition, school=school, rank=now)

    with django_assert_num_queries(8):
        response = admin_client.get(
            admin_url(Result, "changelist"), {"edition__id__exact": sample.edition_id}
        )
    shown = {r.school.name: r for r in response.context["cl"].result_list}
    admin_instance = admin.site._registry[Result]

    def moved(result):
        return strip_tags(admin_instance.since_previous(result))

    assert moved(shown["IMT Atlantique"]) == "↑ up from 301–400"
    assert moved(shown["IMT Mines Alès"]) == "= no change since 2020"
    assert moved(shown["IMT Mines Albi"]) == "new entry"
    assert moved(shown["Télécom Paris"]) == "not ranked (was 601–800)"
    # The sentence may wrap in a narrow column; the rank it quotes may not.
    assert '↑ up from <span class="nowrap">301–400</span>' in response.content.decode()
    # The first edition has nothing to compare with.
    first = admin_client.get(admin_url(Result, "changelist"), {"edition__id__exact": before.pk})
    assert {admin_instance.since_previous(r) for r in first.context["cl"].result_list} == {None}


def test_result_list_filters_by_edition_country_group_and_kind(admin_client, sample):
    chile = ResultFactory(edition=sample.edition, school=School.objects.get(country="CL"))
    url = admin_url(Result, "changelist")

    def listed(**params):
        return set(admin_client.get(url, params).context["cl"].result_list)

    assert listed(country="CL") == {chile}
    assert listed(school__group__id__exact=sample.school.group_id) == {sample}
    assert listed(school__kind__exact="other") == {chile}
    assert listed(edition__id__exact=sample.edition_id) == {sample, chile}
    assert listed(q="atlantique") == {sample}
    page = admin_client.get(url).content.decode()
    assert "Chile" in page
    assert "Afghanistan" not in page  # only countries that have institutions


def test_edition_search_by_year_ignores_words_it_cannot_read_as_a_year(admin_client, sample):
    url = admin_url(Edition, "changelist")
    assert list(admin_client.get(url, {"q": "2021"}).context["cl"].result_list) == [sample.edition]
    assert admin_client.get(url, {"q": "impact"}).status_code == 200


# --- The 17 SDGs are fixed -------------------------------------------------------------------


def test_sdgs_can_be_renamed_but_not_deleted(admin_client, db):
    data = {"name_en": "Climate action", "name_fr": "Lutte contre le changement climatique"}
    response = admin_client.post(admin_url(SDG, "change", 13), data | {"colour": "#3F7E44"})
    assert response.status_code == 302
    assert SDG.objects.get(number=13).name_fr == "Lutte contre le changement climatique"
    assert admin_client.get(admin_url(SDG, "delete", 13)).status_code == 403
    # No bulk actions at all, so no "Delete selected SDGs" either.
    assert admin_client.get(admin_url(SDG, "changelist")).context["action_form"] is None
    assert SDG.objects.count() == 17


def test_an_sdg_needs_its_french_name(admin_client, db):
    data = {"name_en": "Climate action", "name_fr": "", "colour": "#3F7E44"}
    response = admin_client.post(admin_url(SDG, "change", 13), data)
    assert response.status_code == 200
    assert SDG.objects.get(number=13).name_fr.startswith("Mesures relatives")


# --- Staff groups ----------------------------------------------------------------------------


def test_data_staff_can_pick_a_ranking_for_a_new_edition(client, sample):
    client.force_login(staff_user("Data staff"))
    url = reverse("admin:autocomplete")
    query = {"app_label": "rankings", "model_name": "edition", "field_name": "ranking"}

    response = client.get(url, query)

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [str(sample.edition.ranking)]


def test_data_staff_can_change_results(client, sample):
    client.force_login(staff_user("Data staff"))
    eleven, twelve = sample.sdg_results.order_by("sdg")
    data = result_form_data(
        sample,
        rank="=57",
        sdg_rows=[
            (eleven.pk, 11, "=57", ""),
            (twelve.pk, 12, "51-100", ""),
            (None, 17, "1001+", ""),
        ],
    )
    response = client.post(admin_url(Result, "change", sample.pk), data)
    assert response.status_code == 302
    sample.refresh_from_db()
    assert str(sample.rank) == "=57"
    assert sorted(str(e.rank) for e in sample.sdg_results.all()) == ["1001+", "51–100", "=57"]


# --- Searching -------------------------------------------------------------------------------


def test_a_viewer_reads_rank_and_score_as_text_and_learns_who_changes_results(client, sample):
    """Editors may only view results: no "None" where a result has no score, and a note
    naming the staff group to ask."""
    client.force_login(staff_user("Editors"))
    sample.score_low = None
    sample.save()
    chile = ResultFactory(
        edition=sample.edition, school=School.objects.get(country="CL"), rank=None
    )
    SDGResultFactory(result=chile, sdg=sdg(3), rank="101-200")

    for url in [
        admin_url(Result, "change", chile.pk),
        admin_url(SDGResult, "change", chile.sdg_results.get().pk),
    ]:
        page = client.get(url).content.decode()
        assert "None" not in page
        assert "data staff import and correct them (the Data staff group)" in page
    page = client.get(admin_url(Result, "change", chile.pk)).content.decode()
    assert "101–200" in page  # the SDG row, as text
    # Those who may change results have their boxes and no note.
    client.force_login(staff_user("Data staff"))
    page = client.get(admin_url(Result, "change", chile.pk)).content.decode()
    assert "You may read results" not in page
    assert 'name="rank"' in page


@pytest.mark.parametrize(
    ("model", "field", "typed", "expected"),
    [
        (Result, "school", "atlantique", "IMT Atlantique"),
        (Result, "edition", "2021", "THE Impact Rankings 2021"),
        (SDGResult, "result", "atlantique", "IMT Atlantique in THE Impact Rankings 2021: 101–200"),
        (Edition, "ranking", "impact", "THE Impact Rankings"),
    ],
)
def test_every_autocomplete_box_finds_what_an_editor_types(
    admin_client, sample, model, field, typed, expected
):
    assert autocomplete(admin_client, model, field, typed) == [expected]


# --- Mistakes editors make are caught on the form, with nothing saved -------------------------


def test_a_rank_beyond_any_ranking_is_a_form_error_not_a_500(admin_client, sample):
    school = SchoolFactory(name="Télécom Paris")
    data = result_form_data(
        edition=sample.edition, school=school, rank="99999999999999999999", sdg_rows=[]
    )

    response = admin_client.post(admin_url(Result, "add"), data)

    assert response.status_code == 200
    assert "is beyond any ranking" in response.content.decode()
    assert not Result.objects.filter(school=school).exists()


@pytest.mark.parametrize("national", ["0", "-1"])
def test_a_national_rank_below_1_says_so_in_words(admin_client, sample, national):
    data = result_form_data(sample, rank="101-200") | {"national_rank": national}

    response = admin_client.post(admin_url(Result, "change", sample.pk), data)

    page = response.content.decode()
    assert "A national rank starts at 1." in page
    assert "national_rank_positive" not in page


def test_the_same_sdg_twice_in_one_result_is_refused(admin_client, sample):
    school = SchoolFactory(name="Télécom Paris")
    data = result_form_data(
        edition=sample.edition,
        school=school,
        rank="401-600",
        sdg_rows=[(None, 11, "101-200", ""), (None, 11, "201-300", "")],
    )
    response = admin_client.post(admin_url(Result, "add"), data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for SDG." in response.content.decode()
    assert not Result.objects.filter(school=school).exists()


def new_edition_form_data(ranking_id: int, countries: list[tuple[str, int]], **fields) -> dict:
    """POST data adding the 2022 edition, with its per-country rows (country, count)."""
    data = {
        "ranking": ranking_id,
        "year": "2022",
        **fields,
        "countries-TOTAL_FORMS": str(len(countries)),
        "countries-INITIAL_FORMS": "0",
        "countries-MIN_NUM_FORMS": "0",
        "countries-MAX_NUM_FORMS": "1000",
    }
    for i, (country, count) in enumerate(countries):
        data |= {f"countries-{i}-country": country, f"countries-{i}-institutions_ranked": count}
    return data


def test_the_same_country_twice_in_one_edition_is_refused(admin_client, sample):
    data = new_edition_form_data(sample.edition.ranking_id, [("FR", 18), ("FR", 19)])
    response = admin_client.post(admin_url(Edition, "add"), data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for country" in response.content.decode()
    assert not Edition.objects.filter(year=2022).exists()


def test_a_country_count_above_the_edition_total_is_refused(admin_client, sample):
    data = new_edition_form_data(sample.edition.ranking_id, [("FR", 50)], institutions_ranked="10")

    response = admin_client.post(admin_url(Edition, "add"), data)

    assert response.status_code == 200
    assert "More than the 10 institutions the edition ranks in all." in response.content.decode()
    assert not Edition.objects.filter(year=2022).exists()


@pytest.mark.parametrize(
    ("rows", "warning"),
    [
        ([(11, "101-200")], "has an overall rank but no SDG 17 row"),
        ([(17, "201-300"), (11, "101-200")], "but only 1 other SDG row besides SDG 17"),
        ([(17, "201-300"), (11, "101-200"), (12, "=57"), (13, "1001+")], None),
    ],
)
def test_saving_an_overall_rank_without_the_sdg_rows_it_needs_warns(
    admin_client, sample, rows, warning
):
    school = SchoolFactory(name="Télécom Paris")
    data = result_form_data(
        edition=sample.edition,
        school=school,
        rank="401-600",
        sdg_rows=[(None, number, rank, "") for number, rank in rows],
    )
    response = admin_client.post(admin_url(Result, "add"), data, follow=True)
    shown = " ".join(str(message) for message in response.context["messages"])
    assert Result.objects.filter(school=school).exists()  # a warning, not a refusal
    assert (warning in shown) if warning else ("overall rank but" not in shown)
