"""The schools' admin as editors use it: institutions, groups and press contacts are listed in
a fixed number of queries, searched as people type names, checked on the form, and put in a
group by an action."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from rankings.models import Result
from schools.models import Group, PressContact, School
from tests.conftest import admin_url, autocomplete, open_change_page, staff_user
from tests.factories import (
    GroupFactory,
    KeyFigureFactory,
    PhoneNumberFactory,
    PressContactFactory,
    ResultFactory,
    SchoolFactory,
)

# --- Lists cost a fixed number of queries ----------------------------------------------------


def make_schools(n: int) -> None:
    group = GroupFactory()
    for i in range(n):
        member = i % 2 == 1
        school = SchoolFactory(
            group=group if member else None, kind="member" if member else "other"
        )
        ResultFactory(school=school)


def make_groups(n: int) -> None:
    for _ in range(n):
        KeyFigureFactory(group=SchoolFactory(member=True).group)


def make_press_contacts(n: int) -> None:
    group = GroupFactory()
    for _ in range(n):
        PhoneNumberFactory.create_batch(2, contact=PressContactFactory(group=group))


# Each list page's queries: the session, the user, the filters' choices, two counts (the
# filtered rows and all rows) and the page of rows with everything it shows.
LIST_QUERIES = {
    School: (make_schools, 7),
    Group: (make_groups, 5),
    PressContact: (make_press_contacts, 7),
}


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("model", LIST_QUERIES, ids=lambda model: model._meta.label)
def test_admin_list_query_count_does_not_grow_with_rows(
    admin_client, django_assert_num_queries, model, rows
):
    make_rows, queries = LIST_QUERIES[model]
    make_rows(rows)
    assert model.objects.count() >= rows
    every_row = {"show": "all"} if model is School else {}
    with django_assert_num_queries(queries):
        response = admin_client.get(admin_url(model, "changelist"), every_row)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == model.objects.count()


# --- The schools list opens on the group's schools ------------------------------------------


def listed(client, **params) -> list[str]:
    response = client.get(admin_url(School, "changelist"), params)
    return [school.name for school in response.context["cl"].result_list]


def test_schools_list_opens_on_the_group_s_schools_with_all_institutions_one_click_away(
    admin_client, sample
):
    response = admin_client.get(admin_url(School, "changelist"))
    assert [s.name for s in response.context["cl"].result_list] == ["IMT Atlantique"]
    page = response.content.decode()
    assert "The groups’ schools and partners" in page
    assert 'href="?show=all"' in page
    assert "2 total" not in page  # Django's link to the full count would lead back here
    assert listed(admin_client, show="all") == ["IMT Atlantique", "Universidad de Chile"]


@pytest.mark.parametrize(
    "params",
    [{"q": "chile"}, {"country": "CL"}, {"kind__exact": "other"}],
    ids=["search", "country", "kind"],
)
def test_a_search_or_another_filter_looks_at_every_institution(admin_client, sample, params):
    assert listed(admin_client, **params) == ["Universidad de Chile"]


def group_with_rows(n: int):
    group = GroupFactory()
    KeyFigureFactory.create_batch(n, group=group)
    return group


def contact_with_rows(n: int):
    contact = PressContactFactory()
    PhoneNumberFactory.create_batch(n, contact=contact)
    return contact


# Session, user, the object, its inline rows, what its foreign-key boxes show.
CHANGE_PAGE_QUERIES = {
    Group: (group_with_rows, 4),
    PressContact: (contact_with_rows, 6),
}


@pytest.mark.parametrize("rows", [1, 10])
@pytest.mark.parametrize("model", CHANGE_PAGE_QUERIES, ids=lambda model: model._meta.label)
def test_change_page_query_count_does_not_grow_with_inline_rows(
    admin_client, django_assert_num_queries, model, rows
):
    make, queries = CHANGE_PAGE_QUERIES[model]
    response = open_change_page(admin_client, django_assert_num_queries, make(rows), queries)
    assert response.context["inline_admin_formsets"][0].formset.initial_form_count() == rows


# --- Searching -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["saint etienne", "SAINT-ÉTIENNE", "Mines Saint-Etienne"])
def test_searching_institutions_ignores_accents_case_and_hyphens(admin_client, sample, typed):
    mines = SchoolFactory(name="Mines Saint-Étienne", group=sample.school.group, kind="member")
    result = ResultFactory(edition=sample.edition, school=mines)

    def found(model, **params):
        return list(
            admin_client.get(admin_url(model, "changelist"), params).context["cl"].result_list
        )

    assert found(School, q=typed) == [mines]
    assert found(Result, q=typed) == [result]
    # The institution box of the Result form searches the same way.
    suggestions = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": typed, "app_label": "rankings", "model_name": "result", "field_name": "school"},
    ).json()["results"]
    assert [s["text"] for s in suggestions] == ["Mines Saint-Étienne"]


@pytest.mark.parametrize(
    ("model", "field", "typed", "expected"),
    [
        (School, "group", "imt", "IMT"),
        (PressContact, "group", "imt", "IMT"),
    ],
)
def test_every_autocomplete_box_finds_what_an_editor_types(
    admin_client, sample, model, field, typed, expected
):
    assert autocomplete(admin_client, model, field, typed) == [expected]


# --- View on site ----------------------------------------------------------------------------


def test_no_view_on_site_link_while_there_is_no_public_page(admin_client, sample, monkeypatch):
    monkeypatch.setattr(School, "get_absolute_url", lambda school: None)
    page = admin_client.get(admin_url(School, "change", sample.school_id)).content.decode()
    assert "View on site" not in page


def test_view_on_site_links_to_the_public_page(admin_client, sample, monkeypatch):
    monkeypatch.setattr(School, "get_absolute_url", lambda school: f"/en/schools/{school.slug}/")
    for url in (
        admin_url(School, "change", sample.school_id),
        admin_url(Result, "change", sample.pk),
    ):
        assert 'href="/en/schools/imt-atlantique/"' in admin_client.get(url).content.decode()


# --- Staff groups ----------------------------------------------------------------------------


def test_an_editor_can_change_a_school_but_not_import(client, sample):
    editor = staff_user("Editors")
    client.force_login(editor)
    school = sample.school
    data = {
        "name": "IMT Atlantique Bretagne-Pays de la Loire",
        "short_name": "IMT Atlantique",
        "slug": school.slug,
        "country": "FR",
        "city": "Brest",
        "website": "",
        "group": school.group_id,
        "kind": "member",
    }
    response = client.post(admin_url(School, "change", school.pk), data)
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.city) == ("IMT Atlantique Bretagne-Pays de la Loire", "Brest")
    assert not editor.has_perm("schools.import_school")
    assert client.get(reverse("admin:rankings_result_import")).status_code == 403
    # Editors see results but leave them to data staff.
    assert client.get(admin_url(Result, "change", sample.pk)).status_code == 200
    assert client.post(admin_url(Result, "change", sample.pk), {}).status_code == 403


# --- Action: add institutions to a group -----------------------------------------------------


def test_adding_institutions_to_a_group_asks_which_group_then_makes_them_members(
    admin_client, sample
):
    group = sample.school.group
    paris = SchoolFactory(name="Télécom Paris")
    albi = SchoolFactory(name="IMT Mines Albi")
    chosen = {"action": "add_to_group", "_selected_action": [paris.pk, albi.pk]}
    url = admin_url(School, "changelist") + "?show=all"  # where institutions outside it are

    page = admin_client.post(url, chosen)
    assert page.status_code == 200
    assert "Télécom Paris" in page.content.decode()
    assert School.objects.filter(group=group).count() == 1  # nothing changed yet

    response = admin_client.post(
        url, chosen | {"apply": "1", "group": group.pk, "kind": "subsidiary"}, follow=True
    )
    assert "2 added to IMT (subsidiary school)." in response.content.decode()
    for school in (paris, albi):
        school.refresh_from_db()
        assert (school.group, school.kind) == (group, School.Kind.SUBSIDIARY)


def test_adding_to_a_group_writes_the_history_in_the_editor_s_language(admin_client, sample):
    group = sample.school.group
    paris = SchoolFactory(name="Télécom Paris")
    chosen = {"action": "add_to_group", "_selected_action": [paris.pk], "apply": "1"}

    admin_client.post(
        admin_url(School, "changelist") + "?q=paris",
        chosen | {"group": group.pk, "kind": "partner"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    entry = LogEntry.objects.get(object_id=str(paris.pk))
    assert entry.change_message == "Ajoutée au groupe IMT (Partenaire)."


def test_adding_to_a_group_without_choosing_one_changes_nothing(admin_client, sample):
    paris = SchoolFactory(name="Télécom Paris")
    response = admin_client.post(
        admin_url(School, "changelist") + "?show=all",
        {"action": "add_to_group", "_selected_action": [paris.pk], "apply": "1", "kind": "member"},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    paris.refresh_from_db()
    assert (paris.group, paris.kind) == (None, School.Kind.OTHER)


# --- Mistakes editors make are caught on the form, with nothing saved -------------------------


def test_a_member_school_needs_a_group(admin_client, sample):
    data = {"name": "Télécom Paris", "slug": "telecom-paris", "country": "FR", "kind": "member"}
    response = admin_client.post(admin_url(School, "add"), data)
    assert response.status_code == 200
    assert "A member, subsidiary or partner school needs a group." in response.content.decode()
    assert not School.objects.filter(slug="telecom-paris").exists()


@pytest.mark.parametrize("name", ["IMT Atlantique", "imt  ATLANTIQUE!"])
def test_a_second_school_of_the_same_name_in_a_country_is_a_form_error(admin_client, sample, name):
    data = {"name": name, "slug": "imt-atlantique-2", "country": "FR", "kind": "other"}

    response = admin_client.post(admin_url(School, "add"), data)

    assert response.status_code == 200
    assert "There is already a school of this name in this country" in response.content.decode()
    assert not School.objects.filter(slug="imt-atlantique-2").exists()


def test_renaming_a_school_onto_another_s_name_is_a_form_error(admin_client, sample):
    other = School.objects.get(name="Universidad de Chile")
    data = {"name": "IMT ATLANTIQUE", "slug": other.slug, "country": "FR", "kind": "other"}

    response = admin_client.post(admin_url(School, "change", other.pk), data)

    assert response.status_code == 200
    assert "There is already a school of this name in this country" in response.content.decode()
