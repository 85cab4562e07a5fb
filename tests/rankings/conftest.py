"""Fixtures shared by the rankings tests."""

import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def data_staff(client, db):
    """The test client, logged in as a member of "Data staff" (may import and export)."""
    user = User.objects.create_user("data", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Data staff"))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, db):
    """The test client, logged in as a member of "Editors" (may not import)."""
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client
