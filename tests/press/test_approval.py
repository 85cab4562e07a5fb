"""The optional approval step: a group asks that another editor approve each release before
it is published or scheduled; the history says who submitted, approved or sent it back."""

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from press import services
from press.models import PressRelease

from .test_admin import admin_url, form_data


def staff(name: str, *groups: str) -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(*StaffGroup.objects.filter(name__in=groups))
    return user


@pytest.fixture
def alice(db):
    return staff("alice", "Editors")


@pytest.fixture
def bruno(db):
    return staff("bruno", "Editors")


@pytest.fixture
def draft(imt, edition_2021):
    imt.releases_need_approval = True
    imt.save()
    return services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)


def notes(release: PressRelease) -> list[tuple[str, str | None]]:
    return [
        (r.note, r.author.username if r.author else None)
        for r in release.revisions.order_by("created_at", "pk")
    ]


def test_submit_approve_publish_and_the_history_says_who(draft, alice, bruno):
    services.submit_for_review(release=draft, user=alice)
    services.approve(release=draft, user=bruno)
    services.publish(release=draft, user=alice)

    assert draft.state() == PressRelease.State.PUBLIC
    assert notes(draft)[1:] == [
        ("Submitted for review", "alice"),
        ("Approved", "bruno"),
        ("Published", "alice"),
    ]


def test_publishing_or_scheduling_without_approval_is_refused(draft, alice):
    with pytest.raises(ValidationError, match="need approval"):
        services.publish(release=draft, user=alice)
    services.submit_for_review(release=draft, user=alice)
    with pytest.raises(ValidationError, match="another editor approve it"):
        services.schedule(release=draft, user=alice)
    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.DRAFT


def test_the_submitter_cannot_approve_their_own_release(draft, alice):
    services.submit_for_review(release=draft, user=alice)
    with pytest.raises(ValidationError, match="another editor has to approve it"):
        services.approve(release=draft, user=alice)
    assert draft.review() == PressRelease.Review.SUBMITTED


def test_the_database_refuses_an_approval_by_the_submitter(draft, alice):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        PressRelease.objects.filter(pk=draft.pk).update(
            submitted_by=alice, submitted_at=draft.created_at, approved_by=alice
        )


def test_a_publisher_publishes_without_approval(draft):
    chief = staff("chief", "Editors", "Publishers")
    services.publish(release=draft, user=chief)
    assert draft.status == PressRelease.Status.PUBLISHED


def test_editors_publish_as_before_when_the_group_does_not_ask_for_approval(draft, alice):
    draft.group.releases_need_approval = False
    draft.group.save()
    services.publish(release=draft, user=alice)
    assert draft.status == PressRelease.Status.PUBLISHED


def test_an_edit_after_approval_clears_the_approval(client, draft, alice, bruno):
    services.submit_for_review(release=draft, user=alice)
    services.approve(release=draft, user=bruno)
    client.force_login(alice)
    client.post(admin_url("change", draft.pk), form_data(draft, title="A new title"))

    draft.refresh_from_db()
    assert draft.review() == PressRelease.Review.SUBMITTED
    assert draft.approved_by is None
    with pytest.raises(ValidationError):
        services.publish(release=draft, user=alice)


def test_an_untouched_save_keeps_the_approval(client, draft, alice, bruno):
    services.submit_for_review(release=draft, user=alice)
    services.approve(release=draft, user=bruno)
    client.force_login(alice)
    client.post(admin_url("change", draft.pk), form_data(draft, _publish="1"))

    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.PUBLISHED


def test_sending_back_needs_a_reason_and_clears_the_review(draft, alice, bruno):
    services.submit_for_review(release=draft, user=alice)
    with pytest.raises(ValidationError):
        services.send_back(release=draft, user=bruno, reason="  ")
    services.send_back(release=draft, user=bruno, reason="Check the SDG 11 figure.")

    assert draft.review() == PressRelease.Review.NONE
    assert notes(draft)[-1] == ("Sent back to draft: Check the SDG 11 figure.", "bruno")


def test_the_buttons_follow_the_review_and_who_is_looking(client, draft, alice, bruno):
    client.force_login(alice)
    page = client.get(admin_url("change", draft.pk)).content.decode()
    assert 'name="_submit"' in page
    assert 'name="_publish"' not in page
    assert "another editor approves it" in page

    client.post(admin_url("change", draft.pk), form_data(draft, _submit="1"))
    page = client.get(admin_url("change", draft.pk)).content.decode()
    assert 'name="_approve"' not in page
    assert "You submitted it" in page

    client.force_login(bruno)
    page = client.get(admin_url("change", draft.pk)).content.decode()
    assert 'name="_approve"' in page
    assert 'name="_publish"' not in page
    client.post(admin_url("change", draft.pk), form_data(draft, _approve="1"))
    page = client.get(admin_url("change", draft.pk)).content.decode()
    assert "approved by bruno" in page
    assert 'name="_publish"' in page


def test_sending_back_from_the_admin_asks_why(client, draft, alice, bruno):
    services.submit_for_review(release=draft, user=alice)
    client.force_login(bruno)
    response = client.post(admin_url("change", draft.pk), form_data(draft, _send_back="1"))
    assert response["Location"] == admin_url("send_back", draft.pk)
    assert client.get(response["Location"]).status_code == 200

    client.post(admin_url("send_back", draft.pk), {"reason": "Too long."})
    draft.refresh_from_db()
    assert draft.review() == PressRelease.Review.NONE
    history = client.get(admin_url("revisions", draft.pk)).content.decode()
    assert "Sent back to draft: Too long." in history


def test_the_review_speaks_french(client, draft, alice, bruno):
    services.submit_for_review(release=draft, user=alice)
    services.send_back(release=draft, user=bruno, reason="Trop long.")
    services.submit_for_review(release=draft, user=alice)
    client.force_login(bruno)
    fr = {"HTTP_ACCEPT_LANGUAGE": "fr"}
    page = client.get(admin_url("change", draft.pk), **fr).content.decode()
    assert "Soumis pour relecture" in page
    assert "Enregistrer et approuver" in page
    history = client.get(admin_url("revisions", draft.pk), **fr).content.decode()
    assert "Renvoyé en brouillon\u00a0: Trop long." in history
    group_page = client.get(f"/admin/schools/group/{draft.group.pk}/change/", **fr)
    assert "Les communiqués doivent être approuvés" in group_page.content.decode()
