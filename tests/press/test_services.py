"""The editors' workflow: drafts, publication, embargo, frozen text, revisions, restore."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from press import services
from press.compare import compare_content
from press.models import EditorialBlock, PressRelease
from rankings.models import Result

from .conftest import flat

EN, FR = "en", "fr"


@pytest.fixture
def draft(imt, edition_2021):
    return services.generate_draft(group=imt, edition=edition_2021, language=EN, user=None)


def public_ids(now=None):
    return set(PressRelease.objects.public(now).values_list("pk", flat=True))


def test_generated_draft_holds_the_text_and_a_first_revision(draft):
    assert draft.status == PressRelease.Status.DRAFT
    assert draft.slug == "imt-2021-the-impact-rankings"
    assert draft.title == "Institut Mines-Télécom schools stand out in the 2021 THE Impact Rankings"
    assert "### IMT Atlantique" in draft.body
    assert draft.about.startswith("Under the supervision of the French Ministry")
    assert [r.note for r in draft.revisions.all()] == ["Generated from the data"]
    assert draft.pk not in public_ids()


def test_english_and_french_share_a_slug_and_a_second_draft_gets_its_own(draft, imt, edition_2021):
    french = services.generate_draft(group=imt, edition=edition_2021, language=FR, user=None)
    again = services.generate_draft(group=imt, edition=edition_2021, language=EN, user=None)
    assert french.slug == draft.slug
    assert again.slug == f"{draft.slug}-2"


def test_versions_generated_together_share_a_slug_free_in_every_language(draft, imt, edition_2021):
    # English alone first, then English and French: the French slug must skip to the
    # English one's, not take the base that is free only in French.
    english, french = services.generate_drafts(
        group=imt, edition=edition_2021, languages=[EN, FR], user=None
    )
    assert english.slug == french.slug == f"{draft.slug}-2"


def test_publishing_makes_a_release_public_at_once_and_freezes_the_facts(draft):
    services.publish(release=draft, user=None)
    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.PUBLISHED
    assert draft.published_at is not None
    assert draft.facts_snapshot["IMT Atlantique: overall rank"] == "101–200"
    assert draft.pk in public_ids()


def test_scheduled_release_is_hidden_before_its_embargo_and_public_after_with_nobody_acting(
    draft,
):
    embargo = timezone.now() + datetime.timedelta(days=2)
    services.schedule(release=draft, user=None, embargo_until=embargo)
    assert draft.pk not in public_ids()
    assert draft.pk not in public_ids(embargo - datetime.timedelta(seconds=1))
    assert draft.pk in public_ids(embargo)
    assert draft.pk in public_ids(embargo + datetime.timedelta(days=365))


def test_published_release_with_an_embargo_to_come_waits_for_it(draft):
    draft.embargo_until = timezone.now() + datetime.timedelta(hours=1)
    services.publish(release=draft, user=None)
    assert draft.pk not in public_ids()
    assert draft.pk in public_ids(draft.embargo_until)


def test_publishing_after_a_past_embargo_gives_the_real_publication_time(draft):
    # Left in the field by a failed "schedule", the old embargo must not backdate the release.
    draft.embargo_until = timezone.now() - datetime.timedelta(days=30)
    draft.save()
    now = timezone.now()
    services.publish(release=draft, user=None, now=now)
    draft.refresh_from_db()
    assert draft.embargo_until is None
    assert draft.public_since == now
    assert draft.pk in public_ids()


def test_republishing_a_withdrawn_release_gives_the_new_publication_time(draft):
    embargo = timezone.now() + datetime.timedelta(hours=1)
    services.schedule(release=draft, user=None, embargo_until=embargo)
    services.withdraw(release=draft, user=None)
    later = embargo + datetime.timedelta(days=10)
    services.publish(release=draft, user=None, now=later)
    assert draft.public_since == later


def test_scheduling_needs_an_embargo_to_come(draft):
    with pytest.raises(ValidationError, match="Set an embargo"):
        services.schedule(release=draft, user=None)
    with pytest.raises(ValidationError, match="in the past"):
        services.schedule(
            release=draft, user=None, embargo_until=timezone.now() - datetime.timedelta(hours=1)
        )
    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.DRAFT


def test_withdrawn_release_is_no_longer_public(draft):
    services.publish(release=draft, user=None)
    services.withdraw(release=draft, user=None)
    assert draft.pk not in public_ids()
    assert [r.note for r in draft.revisions.all()][:2] == ["Withdrawn to draft", "Published"]


def test_published_text_does_not_change_when_the_data_does(draft):
    services.publish(release=draft, user=None)
    body = draft.body
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "201-300"
    result.save()
    draft.refresh_from_db()
    assert draft.body == body
    assert "to the 101–200 band in 2021" in flat(draft.body)
    changes = services.facts_changed_since(draft)
    assert [(c.fact, c.before, c.after) for c in changes] == [
        ("IMT Atlantique: overall rank", "101–200", "201–300")
    ]


def test_unchanged_data_gives_no_warning(draft):
    services.publish(release=draft, user=None)
    assert services.facts_changed_since(draft) == []


def test_only_a_draft_is_rewritten_from_the_data(draft):
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "201-300"
    result.save()
    services.regenerate(release=draft, user=None)
    assert "to the 201–300 band in 2021" in flat(draft.body)
    services.publish(release=draft, user=None)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.regenerate(release=draft, user=None)


def test_restoring_a_revision_brings_back_the_text_and_editorial_blocks(draft, admin_user):
    EditorialBlock.objects.create(release=draft, heading="Context", html="<p>First</p>")
    first = services.record_revision(release=draft, user=admin_user, note="Edited")
    draft.title = "A new title"
    draft.body = draft.body.replace("IMT Atlantique has moved up", "IMT Atlantique soars")
    draft.save()
    draft.blocks.all().delete()
    edited = services.record_revision(release=draft, user=admin_user, note="Edited")
    changes = {c.label: c for c in compare_content(first.content, edited.content)}
    assert changes["Title"].before == (
        "<del>Institut Mines-Télécom schools stand out in the 2021 THE Impact Rankings</del>"
    )
    assert changes["Title"].after == "<ins>A new title</ins>"
    assert any("IMT Atlantique <ins>soars</ins>" in c.after for c in changes.values())
    assert changes["Editorial block 1 (After the introduction)"].removed

    services.restore(revision=first, user=admin_user)
    draft.refresh_from_db()
    assert draft.title.startswith("Institut Mines-Télécom schools stand out")
    assert "IMT Atlantique has moved up" in draft.body
    assert [b.html for b in draft.blocks.all()] == ["<p>First</p>"]
    latest = draft.revisions.first()
    assert latest.note.startswith("Restored the text of")
    assert latest.author == admin_user


def test_saving_without_a_change_adds_no_revision(draft):
    assert services.record_revision(release=draft, user=None, note="Edited") is None
    assert draft.revisions.count() == 1


def test_editorial_blocks_are_sanitised(draft):
    block = EditorialBlock.objects.create(
        release=draft,
        html='<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:x()">x</a>'
        '<a href="https://imt.fr">IMT</a><iframe src="https://evil"></iframe></p>',
    )
    assert "script" not in block.html
    assert "onclick" not in block.html
    assert "javascript" not in block.html
    assert "iframe" not in block.html
    assert '<a href="https://imt.fr" rel="noopener noreferrer">IMT</a>' in block.html


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"status": "scheduled", "embargo_until": None}, "press_release_scheduled_has_embargo"),
        ({"status": "published", "published_at": None}, "press_release_published_has_date"),
        ({"status": "published", "facts_snapshot": None}, "press_release_public_has_snapshot"),
        ({"status": "archived"}, "press_release_status_valid"),
        ({"language": "de"}, "press_release_language_valid"),
    ],
)
def test_database_refuses_an_inconsistent_release(draft, changes, constraint):
    services.publish(release=draft, user=None)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        PressRelease.objects.filter(pk=draft.pk).update(**changes)


def test_database_refuses_two_releases_with_one_slug_in_one_language(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        PressRelease.objects.create(
            group=draft.group, edition=draft.edition, language=EN, slug=draft.slug, title="T"
        )
