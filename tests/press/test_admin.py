"""The editors' admin: generate, edit, preview, publish, schedule, history, change warning."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from press import services
from press.models import PressRelease
from rankings.models import Result

from .conftest import flat


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:press_pressrelease_{name}", args=args)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(StaffGroup.objects.get(name="Editors"))
    return user


@pytest.fixture
def draft(imt, edition_2021):
    return services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)


def form_data(release: PressRelease, **changes) -> dict:
    data = {
        "title": release.title,
        "slug": release.slug,
        "body": release.body,
        "about": release.about,
        "embargo_until_0": "",
        "embargo_until_1": "",
        "blocks-TOTAL_FORMS": "0",
        "blocks-INITIAL_FORMS": "0",
        "blocks-MIN_NUM_FORMS": "0",
        "blocks-MAX_NUM_FORMS": "1000",
    }
    return data | changes


def test_editor_generates_english_and_french_drafts(client, editor, imt, edition_2021):
    client.force_login(editor)
    assert client.get(admin_url("generate")).status_code == 200
    response = client.post(
        admin_url("generate"),
        {"group": imt.pk, "edition": edition_2021.pk, "languages": ["en", "fr"]},
    )
    english = PressRelease.objects.get(language="en")
    french = PressRelease.objects.get(language="fr")
    assert response.status_code == 302
    assert response["Location"] == admin_url("change", english.pk)
    assert english.status == french.status == PressRelease.Status.DRAFT
    assert french.title.startswith("Classement THE Impact Rankings 2021")
    assert english.revisions.get().author == editor


def test_english_and_french_generated_after_an_english_draft_share_a_web_address(
    admin_client, imt, edition_2021
):
    for languages in (["en"], ["en", "fr"]):
        admin_client.post(
            admin_url("generate"),
            {"group": imt.pk, "edition": edition_2021.pk, "languages": languages},
        )
    english, french = PressRelease.objects.order_by("-pk")[:2][::-1]
    assert (english.language, french.language) == ("en", "fr")
    assert english.slug == french.slug == "imt-2021-the-impact-rankings-2"


@pytest.mark.parametrize("rounds", [1, 5])
def test_changelist_offers_generation_and_has_fixed_queries(
    admin_client, django_assert_num_queries, imt, edition_2021, rounds
):
    for language in ("en", "fr") * rounds:
        services.generate_draft(group=imt, edition=edition_2021, language=language, user=None)
    # Session, user, the filters' groups and editions, two counts, the page of releases.
    with django_assert_num_queries(7):
        response = admin_client.get(admin_url("changelist"))
    assert response.status_code == 200
    assert admin_url("generate") in response.content.decode()
    assert len(response.context["cl"].result_list) == 2 * rounds


def test_editing_the_text_keeps_a_revision_with_its_author(client, editor, draft):
    client.force_login(editor)
    body = draft.body.replace("IMT Atlantique has moved up", "IMT Atlantique climbs")
    response = client.post(admin_url("change", draft.pk), form_data(draft, body=body))
    assert response.status_code == 302
    latest = draft.revisions.first()
    assert latest.note == "Edited"
    assert latest.author == editor
    history = client.get(admin_url("revisions", draft.pk)).content.decode()
    # Field by field, the changed words marked.
    assert re.search(r'<th scope="row">Paragraph \d+</th>', history)
    assert "IMT Atlantique <ins>climbs</ins>" in history
    assert "IMT Atlantique <del>has moved up</del>" in history


def test_saving_an_untouched_draft_as_a_browser_sends_it_records_no_revision(admin_client, draft):
    # Browsers send textareas with CRLF line endings; the generator writes LF. (Editorial
    # blocks need nothing: their sanitiser already writes LF.)
    crlf = {name: getattr(draft, name).replace("\n", "\r\n") for name in ("body", "about")}
    response = admin_client.post(admin_url("change", draft.pk), form_data(draft, **crlf))
    assert response.status_code == 302
    assert [r.note for r in draft.revisions.all()] == ["Generated from the data"]
    draft.refresh_from_db()
    assert "\r" not in draft.body


def test_restore_from_the_history_page(admin_client, draft):
    original = draft.revisions.get()
    draft.title = "Changed"
    draft.save()
    services.record_revision(release=draft, user=None, note="Edited")
    response = admin_client.post(admin_url("restore", draft.pk, original.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == original.content["title"]


def test_publish_button_publishes(admin_client, draft):
    response = admin_client.post(admin_url("change", draft.pk), form_data(draft, _publish="1"))
    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == PressRelease.Status.PUBLISHED
    assert draft.is_public()


def test_schedule_button_needs_an_embargo_and_says_so(admin_client, draft):
    response = admin_client.post(
        admin_url("change", draft.pk), form_data(draft, _schedule="1"), follow=True
    )
    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.DRAFT
    assert "Set an embargo date and time" in response.content.decode()

    embargo = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    admin_client.post(
        admin_url("change", draft.pk),
        form_data(
            draft,
            _schedule="1",
            embargo_until_0=embargo.strftime("%Y-%m-%d"),
            embargo_until_1=embargo.strftime("%H:%M:%S"),
        ),
    )
    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.SCHEDULED
    assert not draft.is_public()


def article(html: str) -> str:
    """A release page from its body to the end of the article (the date line differs)."""
    return html[html.index('<div class="press-release__body') : html.index("</article>")]


@pytest.mark.parametrize(
    ("button", "past_embargo", "published", "message"),
    [
        ("_schedule", False, False, "Indiquez une date et une heure d’embargo"),
        ("_schedule", True, False, "La date d’embargo est passée"),
        ("_regenerate", False, True, "Seul un brouillon peut être réécrit"),
    ],
)
def test_workflow_errors_are_in_french_in_the_french_admin(
    admin_client, draft, button, past_embargo, published, message
):
    if published:
        services.publish(release=draft, user=None)
    fields = {button: "1"}
    if past_embargo:
        embargo = timezone.localtime(timezone.now() - datetime.timedelta(days=1))
        fields |= {
            "embargo_until_0": embargo.strftime("%Y-%m-%d"),
            "embargo_until_1": embargo.strftime("%H:%M:%S"),
        }
    response = admin_client.post(
        admin_url("change", draft.pk),
        form_data(draft, **fields),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert message in response.content.decode()


def test_preview_shows_exactly_what_the_public_will_see(admin_client, client, draft):
    preview = admin_client.get(admin_url("preview", draft.pk)).content.decode()
    assert "Preview — this is how the public will see the release" in preview
    assert '<meta name="robots" content="noindex">' in preview
    services.publish(release=draft, user=None)
    public = client.get(draft.get_absolute_url()).content.decode()
    assert "Preview —" not in public
    assert article(preview) == article(public)


def test_preview_of_a_french_release_is_in_french(admin_client, imt, edition_2021):
    french = services.generate_draft(group=imt, edition=edition_2021, language="fr", user=None)
    preview = admin_client.get(admin_url("preview", french.pk)).content.decode()
    assert '<html lang="fr">' in preview
    assert "Aperçu" in preview


def test_published_release_warns_when_its_facts_changed(admin_client, draft):
    services.publish(release=draft, user=None)
    page = admin_client.get(admin_url("change", draft.pk)).content.decode()
    assert "has not changed since it was published" in page

    result = Result.objects.get(school__slug="mines-saint-etienne", edition__year=2021)
    result.rank = "301-400"
    result.save()
    page = admin_client.get(admin_url("change", draft.pk)).content.decode()
    assert "has changed since it was published" in page
    assert (
        '<th scope="row">Mines Saint-Étienne: overall rank</th><td>401–600</td><td>301–400</td>'
        in page
    )


def test_editor_without_change_permission_cannot_restore(client, draft, db):
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(viewer)
    revision = draft.revisions.get()
    assert client.post(admin_url("restore", draft.pk, revision.pk)).status_code == 403
    assert client.get(admin_url("generate")).status_code == 403


def test_scheduled_release_cannot_lose_its_embargo_in_the_form(admin_client, draft):
    embargo = timezone.now() + datetime.timedelta(days=1)
    services.schedule(release=draft, user=None, embargo_until=embargo)
    response = admin_client.post(admin_url("change", draft.pk), form_data(draft))
    assert response.status_code == 200
    assert "A scheduled release needs its embargo date" in response.content.decode()
    draft.refresh_from_db()
    assert draft.embargo_until == embargo


def test_publishing_with_an_embargo_to_come_says_when_the_public_sees_it(admin_client, draft):
    embargo = timezone.localtime(timezone.now() + datetime.timedelta(days=1)).replace(
        second=0, microsecond=0
    )
    response = admin_client.post(
        admin_url("change", draft.pk),
        form_data(
            draft,
            _publish="1",
            embargo_until_0=embargo.strftime("%Y-%m-%d"),
            embargo_until_1=embargo.strftime("%H:%M:%S"),
        ),
        follow=True,
    )
    assert f"The public will see it from {embargo:%Y-%m-%d %H:%M}." in response.content.decode()


def test_view_on_site_shows_the_preview_until_the_release_is_public(admin_client, draft):
    def view_on_site() -> str:
        page = admin_client.get(admin_url("change", draft.pk)).content.decode()
        return re.search(r'<a href="([^"]+)" class="viewsitelink"', page)[1]

    assert view_on_site() == admin_url("preview", draft.pk)
    services.publish(release=draft, user=None)
    assert view_on_site() == draft.get_absolute_url()


def test_publishing_a_scheduled_release_now_lifts_its_embargo(admin_client, draft):
    services.schedule(
        release=draft, user=None, embargo_until=timezone.now() + datetime.timedelta(days=3)
    )
    page = admin_client.get(admin_url("change", draft.pk)).content.decode()
    assert 'value="Save and publish now, lifting the embargo"' in page
    admin_client.post(admin_url("change", draft.pk), form_data(draft, _publish="1"))
    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.PUBLISHED
    assert draft.embargo_until is None
    assert draft.is_public()


def test_rewrite_action_updates_drafts_and_leaves_published_releases_alone(
    admin_client, draft, imt, edition_2021
):
    published = services.publish(
        release=services.generate_draft(group=imt, edition=edition_2021, language="fr", user=None),
        user=None,
    )
    published_body = published.body
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "201-300"
    result.save()
    response = admin_client.post(
        admin_url("changelist"),
        {"action": "rewrite_drafts", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    assert "1 draft(s) rewritten" in response.content.decode()
    assert "1 published or scheduled release(s) left as they are" in response.content.decode()
    draft.refresh_from_db()
    published.refresh_from_db()
    assert "to the 201–300 band in 2021" in flat(draft.body)
    assert published.body == published_body


def test_the_revisions_page_reads_its_notes_in_the_editor_s_language(admin_client, draft):
    embargo = timezone.now() + datetime.timedelta(days=2)
    services.schedule(release=draft, user=None, embargo_until=embargo)
    services.withdraw(release=draft, user=None)
    services.restore(revision=draft.revisions.last(), user=None)
    when = f"{timezone.localtime(embargo):%Y-%m-%d %H:%M}"

    french = admin_client.get(admin_url("revisions", draft.pk), HTTP_ACCEPT_LANGUAGE="fr")
    english = admin_client.get(admin_url("revisions", draft.pk), HTTP_ACCEPT_LANGUAGE="en")

    page = french.content.decode()
    for note in ["Rédigé à partir des données", f"Programmé pour le {when}", "Retiré"]:
        assert note in page
    assert re.search(r"Texte du \d{4}-\d\d-\d\d \d\d:\d\d restauré", page)
    assert f"Scheduled for {when}" in english.content.decode()
    # Stored as the workflow wrote it: the record does not depend on who looked.
    assert draft.revisions.first().note.startswith("Restored the text of ")


def test_an_editorial_block_says_what_was_removed_from_it(admin_client, draft):
    block = {
        "blocks-TOTAL_FORMS": "1",
        "blocks-0-position": "after_intro",
        "blocks-0-heading": "Programme",
        "blocks-0-html": '<p style="color:red" onclick="x()">Hello <b>you</b></p>'
        "<script>alert(1)</script><iframe src=x></iframe>",
        "blocks-0-order": "0",
    }
    response = admin_client.post(
        admin_url("change", draft.pk), form_data(draft, **block), follow=True
    )
    said = [str(m) for m in response.context["messages"]]
    assert said[0] == (
        "Removed from “Programme” (not allowed on the public page): the style attribute, "
        "the onclick attribute, <script>, <iframe>."
    )
    assert draft.blocks.get().html == "<p>Hello <b>you</b></p>"
    # Nothing to say when nothing went.
    saved = draft.blocks.get()
    clean = block | {
        "blocks-INITIAL_FORMS": "1",
        "blocks-0-id": saved.pk,
        "blocks-0-release": draft.pk,
        "blocks-0-html": "<p>Hello <b>you</b></p>",
    }
    response = admin_client.post(
        admin_url("change", draft.pk), form_data(draft, **clean), follow=True
    )
    assert not any("Removed from" in str(m) for m in response.context["messages"])


def test_the_editorial_block_help_text_names_tags_in_words_not_as_html(admin_client, draft):
    page = admin_client.get(admin_url("change", draft.pk)).content.decode()
    assert "Paragraphs (<p>)" not in page
    assert "paragraphs, lists, links, bold, italics" in page
