"""Two editors saving the same result: the second is told, never silently overwrites the first."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from rankings.models import Result, SDGResult
from tests.factories import ResultFactory, SDGResultFactory

pytestmark = pytest.mark.django_db


def editor(name: str) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(name, f"{name}@example.org", "x"))
    return client


def change_url(result: Result) -> str:
    return reverse("admin:rankings_result_change", args=[result.pk])


def opened_form(client: Client, result: Result) -> dict[str, str]:
    """What the browser would post back for the change page as loaded, unedited."""
    response = client.get(change_url(result))
    data = {}
    forms = [response.context["adminform"].form]
    for formset in (inline.formset for inline in response.context["inline_admin_formsets"]):
        forms.extend(formset.forms)
        for field in formset.management_form:
            data[field.html_name] = str(field.value())
    for form in forms:
        for field in form:
            value = field.value()
            data[field.html_name] = "" if value is None else str(value)
    return data


@pytest.fixture
def result():
    result = ResultFactory(rank="301-400")
    SDGResultFactory(result=result, sdg_id=11, rank="101-200")
    SDGResultFactory(result=result, sdg_id=12, rank="201-300")
    return result


def sdg_row(data: dict, sdg: int) -> str:
    return next(
        k.removesuffix("-sdg") for k, v in data.items() if k.endswith("-sdg") and v == str(sdg)
    )


def test_the_second_editor_saving_the_same_result_gets_a_conflict_message(result):
    first, second = editor("first"), editor("second")
    first_form, second_form = opened_form(first, result), opened_form(second, result)

    saved = first.post(change_url(result), first_form | {"rank": "57"})
    refused = second.post(change_url(result), second_form | {"rank": "201-300"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert (
        "Someone else saved this result since you opened it, so nothing was saved: it now reads 57."
        in refused.content.decode()
    )
    result.refresh_from_db()
    assert str(result.rank) == "57"


def test_an_editor_can_save_again_after_reloading(result):
    first, second = editor("first"), editor("second")
    second_form = opened_form(second, result)
    first.post(change_url(result), opened_form(first, result) | {"rank": "57"})
    assert second.post(change_url(result), second_form | {"rank": "58"}).status_code == 200

    reloaded = second.post(change_url(result), opened_form(second, result) | {"rank": "58"})

    assert reloaded.status_code == 302
    result.refresh_from_db()
    assert str(result.rank) == "58"


def test_two_editors_changing_the_same_sdg_row_the_second_is_told(result):
    first, second = editor("first"), editor("second")
    first_form, second_form = opened_form(first, result), opened_form(second, result)
    row = sdg_row(first_form, 11)

    first.post(change_url(result), first_form | {f"{row}-rank": "57"})
    refused = second.post(change_url(result), second_form | {f"{row}-rank": "99"})

    assert refused.status_code == 200
    assert "Someone else saved this result since you opened it" in refused.content.decode()
    assert str(SDGResult.objects.get(result=result, sdg_id=11).rank) == "57"


def test_an_sdg_row_changed_meanwhile_is_not_put_back_by_an_editor_who_edited_another(result):
    first, second = editor("first"), editor("second")
    first_form, second_form = opened_form(first, result), opened_form(second, result)

    first.post(change_url(result), first_form | {f"{sdg_row(first_form, 11)}-rank": "57"})
    # The second page still shows SDG 11 at 101–200: saving it would put that back.
    refused = second.post(
        change_url(result), second_form | {f"{sdg_row(second_form, 12)}-rank": "1"}
    )

    assert refused.status_code == 200
    ranks = dict(SDGResult.objects.filter(result=result).values_list("sdg_id", "rank_low"))
    assert ranks == {11: 57, 12: 201}


def test_editors_saving_different_results_do_not_conflict(result):
    other = ResultFactory(edition=result.edition, rank="601-800")
    first, second = editor("first"), editor("second")
    first_form, second_form = opened_form(first, result), opened_form(second, other)

    assert first.post(change_url(result), first_form | {"rank": "57"}).status_code == 302
    assert second.post(change_url(other), second_form | {"rank": "58"}).status_code == 302


def test_an_editor_changing_only_an_sdg_row_does_not_undo_anothers_overall_rank(result):
    first, second = editor("first"), editor("second")
    first_form, second_form = opened_form(first, result), opened_form(second, result)

    first.post(change_url(result), first_form | {"rank": "57"})
    refused = second.post(
        change_url(result), second_form | {f"{sdg_row(second_form, 12)}-rank": "1"}
    )

    # The admin saves the whole result again, so the stale overall rank would win: refused.
    assert refused.status_code == 200
    result.refresh_from_db()
    assert str(result.rank) == "57"
    assert SDGResult.objects.get(result=result, sdg_id=12).rank_low == 201


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_the_same_moment_one_saves_and_one_is_told(postgresql_only, result):
    editors = [editor("first"), editor("second")]
    forms = [opened_form(client, result) for client in editors]
    start = threading.Barrier(2)
    statuses = {}

    def save(n: int, rank: str) -> None:
        try:
            start.wait()
            statuses[rank] = (
                editors[n].post(change_url(result), forms[n] | {"rank": rank}).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n, rank)) for n, rank in enumerate(["57", "58"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses.values()) == [200, 302]
    winner = next(rank for rank, status in statuses.items() if status == 302)
    result.refresh_from_db()
    assert str(result.rank) == winner


def test_the_sdg_result_page_on_its_own_also_refuses_a_stale_save(result):
    entry = SDGResult.objects.get(result=result, sdg_id=11)
    url = reverse("admin:rankings_sdgresult_change", args=[entry.pk])
    first, second = editor("first"), editor("second")

    def opened(client):
        form = client.get(url).context["adminform"].form
        return {f.html_name: "" if f.value() is None else str(f.value()) for f in form}

    first_form, second_form = opened(first), opened(second)
    assert first.post(url, first_form | {"rank": "57"}).status_code == 302
    refused = second.post(url, second_form | {"rank": "99"})

    assert refused.status_code == 200
    assert "it now reads 57" in refused.content.decode()
    entry.refresh_from_db()
    assert entry.rank_low == 57
