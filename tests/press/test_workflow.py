"""The release workflow's safety: one status read against the clock, a confirmation page
before anything live changes, a rewrite that keeps the editor's edits, both languages
together."""

import datetime

import pytest
from django.utils import timezone

from press import services
from press.models import PressRelease
from rankings.models import Result

from .conftest import flat
from .test_admin import admin_url, form_data


@pytest.fixture
def draft(imt, edition_2021):
    return services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)


@pytest.fixture
def pair(imt, edition_2021):
    return services.generate_drafts(
        group=imt, edition=edition_2021, languages=["en", "fr"], user=None
    )


def embargo_passes(release: PressRelease) -> None:
    """The clock moves past the embargo: nobody touches the release."""
    PressRelease.objects.filter(pk=release.pk).update(
        embargo_until=timezone.now() - datetime.timedelta(minutes=5)
    )


def test_a_release_whose_embargo_passed_reads_public_on_the_list_the_filter_and_its_page(
    admin_client, draft
):
    services.schedule(
        release=draft, user=None, embargo_until=timezone.now() + datetime.timedelta(hours=1)
    )
    listing = admin_client.get(admin_url("changelist")).content.decode()
    assert '<td class="field-state_display">Scheduled</td>' in listing
    embargo_passes(draft)

    listing = admin_client.get(admin_url("changelist")).content.decode()
    assert '<td class="field-state_display">Public</td>' in listing
    public = admin_client.get(admin_url("changelist") + "?state=public")
    scheduled = admin_client.get(admin_url("changelist") + "?state=scheduled")
    assert list(public.context["cl"].result_list) == [draft]
    assert list(scheduled.context["cl"].result_list) == []
    page = admin_client.get(admin_url("change", draft.pk)).content.decode()
    assert '<span class="press-state press-state--public">Public</span>' in page
    assert "lifting the embargo" not in page
    assert 'name="_withdraw"' in page


def test_the_filter_and_the_list_use_the_same_words_in_french(admin_client, draft):
    services.schedule(
        release=draft, user=None, embargo_until=timezone.now() + datetime.timedelta(hours=1)
    )
    page = admin_client.get(admin_url("changelist"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<td class="field-state_display">Programmé</td>' in page
    assert "?state=scheduled" in page
    assert ">Programmé</a>" in page
    assert "Sous embargo" not in page


def test_withdrawing_a_public_release_asks_first_and_says_what_the_public_loses(
    admin_client, draft
):
    services.publish(release=draft, user=None)
    response = admin_client.post(admin_url("change", draft.pk), form_data(draft, _withdraw="1"))
    assert response["Location"] == admin_url("withdraw", draft.pk)
    draft.refresh_from_db()
    assert draft.state() == PressRelease.State.PUBLIC

    page = admin_client.get(admin_url("withdraw", draft.pk)).content.decode()
    assert draft.get_absolute_url() in page
    assert "answer “not found”" in page
    assert not draft.revisions.filter(note="Withdrawn to draft").exists()

    admin_client.post(admin_url("withdraw", draft.pk))
    draft.refresh_from_db()
    assert draft.state() == PressRelease.State.DRAFT


def test_restoring_shows_the_text_that_comes_back_before_restoring(admin_client, draft):
    services.publish(release=draft, user=None)
    original = draft.revisions.last()
    draft.title = "A draft for our board"
    draft.save()
    services.record_revision(release=draft, user=None, note="Edited")

    page = admin_client.get(admin_url("restore", draft.pk, original.pk)).content.decode()
    assert "its page and its PDF change at once" in page
    assert "<del>A draft for our board</del>" in page
    draft.refresh_from_db()
    assert draft.title == "A draft for our board"

    admin_client.post(admin_url("restore", draft.pk, original.pk))
    draft.refresh_from_db()
    assert draft.title == original.content["title"]


def test_rewriting_asks_first_and_keeps_the_editor_s_own_edits(admin_client, draft):
    edited_title = "Our schools shine in the 2021 THE Impact Rankings"
    admin_client.post(admin_url("change", draft.pk), form_data(draft, title=edited_title))
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "201-300"
    result.save()

    response = admin_client.post(
        admin_url("change", draft.pk), form_data(draft, title=edited_title, _regenerate="1")
    )
    assert response["Location"] == admin_url("rewrite", draft.pk)
    page = admin_client.get(admin_url("rewrite", draft.pk)).content.decode()
    assert "Your edit, kept" in page
    assert "Updated from the data" in page
    draft.refresh_from_db()
    assert "201–300" not in flat(draft.body)

    admin_client.post(admin_url("rewrite", draft.pk))
    draft.refresh_from_db()
    assert draft.title == edited_title
    assert "to the 201–300 band in 2021" in flat(draft.body)


def test_where_editor_and_data_changed_one_paragraph_the_editor_chooses(admin_client, draft):
    body = draft.body.replace("IMT Atlantique has moved up", "IMT Atlantique climbs")
    admin_client.post(admin_url("change", draft.pk), form_data(draft, body=body))
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "201-300"
    result.save()
    draft.refresh_from_db()
    parts = {p.key: p for p in services.rewrite_parts(draft)}
    conflicts = [key for key, part in parts.items() if part.conflict]
    assert conflicts

    page = admin_client.get(admin_url("rewrite", draft.pk)).content.decode()
    assert "Edited by you and changed by the data" in page
    assert f'name="choice-{conflicts[0]}" value="mine" checked' in page

    admin_client.post(admin_url("rewrite", draft.pk), {f"choice-{conflicts[0]}": "data"})
    draft.refresh_from_db()
    assert "IMT Atlantique climbs" not in draft.body
    assert "to the 201–300 band in 2021" in flat(draft.body)


def test_the_rewrite_action_keeps_edits_and_says_so(admin_client, draft):
    body = draft.body.replace("IMT Atlantique has moved up", "IMT Atlantique climbs")
    admin_client.post(admin_url("change", draft.pk), form_data(draft, body=body))
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "201-300"
    result.save()
    response = admin_client.post(
        admin_url("changelist"),
        {"action": "rewrite_drafts", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "Your edits were kept" in response.content.decode()
    draft.refresh_from_db()
    assert "IMT Atlantique climbs" in draft.body


def test_both_languages_are_shown_together_and_published_in_one_action(admin_client, pair):
    english, french = pair
    listing = admin_client.get(admin_url("changelist")).content.decode()
    assert f'<a href="{admin_url("change", french.pk)}" hreflang="fr">French</a>' in listing
    assert f'<a href="{admin_url("change", english.pk)}" hreflang="en">English</a>' in listing
    page = admin_client.get(admin_url("change", english.pk)).content.decode()
    assert f'href="{admin_url("change", french.pk)}" hreflang="fr">French</a>: Draft' in page

    admin_client.post(admin_url("change", english.pk), form_data(english, _publish="1", _both="1"))
    english.refresh_from_db()
    french.refresh_from_db()
    assert english.state() == french.state() == PressRelease.State.PUBLIC


def test_one_language_may_be_scheduled_alone(admin_client, pair):
    english, french = pair
    embargo = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    admin_client.post(
        admin_url("change", english.pk),
        form_data(
            english,
            _schedule="1",
            embargo_until_0=embargo.strftime("%Y-%m-%d"),
            embargo_until_1=embargo.strftime("%H:%M:%S"),
        ),
    )
    english.refresh_from_db()
    french.refresh_from_db()
    assert english.state() == PressRelease.State.SCHEDULED
    assert french.state() == PressRelease.State.DRAFT


def test_generating_both_languages_links_to_each_draft(admin_client, imt, edition_2021):
    response = admin_client.post(
        admin_url("generate"),
        {"group": imt.pk, "edition": edition_2021.pk, "languages": ["en", "fr"]},
        follow=True,
    )
    french = PressRelease.objects.get(language="fr")
    assert f'<a href="{admin_url("change", french.pk)}">' in response.content.decode()


def test_the_preview_s_pdf_works_for_a_draft_and_a_scheduled_release(admin_client, draft):
    preview = admin_client.get(admin_url("preview", draft.pk)).content.decode()
    assert f'href="{admin_url("preview_pdf", draft.pk)}"' in preview
    for _step in ("draft", "scheduled"):
        response = admin_client.get(admin_url("preview_pdf", draft.pk))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        services.schedule(
            release=draft, user=None, embargo_until=timezone.now() + datetime.timedelta(days=1)
        )


def test_the_preview_is_shown_at_phone_and_desktop_widths(admin_client, client, draft):
    page = admin_client.get(admin_url("preview_sizes", draft.pk)).content.decode()
    assert page.count(f'<iframe src="{admin_url("preview", draft.pk)}"') == 2
    framed = admin_client.get(admin_url("preview", draft.pk))
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    # The public pages may still not be framed.
    services.publish(release=draft, user=None)
    public = client.get(draft.get_absolute_url())
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
