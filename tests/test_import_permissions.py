"""Who may import what: a model's import needs its import, add and change permissions.

Data staff held `schools.import_presscontact` while only allowed to view contacts: a CSV then
rewrote the press officer's e-mail and phones and added a "Fake Spokesperson".
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.models import PressContact

pytestmark = pytest.mark.django_db

# Every admin with an import screen.
IMPORTABLE = sorted(
    model._meta.label_lower
    for model, model_admin in admin.site._registry.items()
    if hasattr(model_admin, "has_import_permission")
)


def may(user: User, label: str, action: str) -> bool:
    app, model = label.split(".")
    return user.has_perm(f"{app}.{action}_{model}")


def test_the_admins_with_an_import_screen_are_those_expected():
    assert IMPORTABLE == ["rankings.result", "schools.presscontact", "schools.school"]


@pytest.mark.parametrize("group", ["Editors", "Data staff"])
@pytest.mark.parametrize("label", IMPORTABLE)
def test_the_import_screen_opens_only_with_import_add_and_change(client, group, label):
    user = User.objects.create_user("staff", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    allowed = all(may(user, label, action) for action in ("import", "add", "change"))

    response = client.get(reverse(f"admin:{label.replace('.', '_')}_import"))

    assert response.status_code == (200 if allowed else 403)


def test_data_staff_import_results_and_schools_but_not_contacts(client):
    user = User.objects.create_user("data", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Data staff"))
    client.force_login(user)
    assert client.get(reverse("admin:rankings_result_import")).status_code == 200
    assert client.get(reverse("admin:schools_school_import")).status_code == 200
    assert client.get(reverse("admin:schools_presscontact_import")).status_code == 403


def test_an_import_permission_without_change_cannot_rewrite_the_contacts(client, demo):
    # The permissions data staff had: import contacts, view them, nothing else.
    user = User.objects.create_user("data", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="schools",
            codename__in=["import_presscontact", "view_presscontact"],
        )
    )
    client.force_login(user)
    contact = PressContact.objects.get()
    data = (
        "name,role_en,organisation,email,group\n"
        f"{contact.name},Press officer,IMT,attacker@example.com,imt\n"
        "Fake Spokesperson,Press officer,IMT,fake@example.com,imt\n"
    ).encode()

    response = client.post(
        reverse("admin:schools_presscontact_import"),
        {"import_file": SimpleUploadedFile("contacts.csv", data), "format": "0"},
    )

    assert response.status_code == 403
    assert PressContact.objects.get().email == contact.email
    assert not PressContact.objects.filter(name="Fake Spokesperson").exists()
