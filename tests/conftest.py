"""Test-only settings and fixtures shared by the whole suite."""

import os
import shutil
from decimal import Decimal
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from rankings.models import SDG
from schools.models import School
from tests.factories import (
    EditionCountryFactory,
    EditionFactory,
    GroupFactory,
    KeyFigureFactory,
    PhoneNumberFactory,
    ResultFactory,
    SchoolFactory,
    SDGResultFactory,
)


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # WhiteNoise would warn (an error here) that collectstatic never ran; tests serve no static files.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached pages must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in French leaves French active in the thread (LocaleMiddleware does not put
    the language back): the next test must not inherit it."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _migration_data_in_transactional_tests(request):
    """Put back the rows data migrations made (the 17 SDGs, the staff groups).

    A transactional test (live_server, transaction=True) ends by emptying every table, so
    the tests after it would otherwise find no SDGs.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    import_module("rankings.migrations.0002_sdgs").create_sdgs(apps, None)
    # flush's post_migrate signal has recreated the permissions these groups are given.
    import_module("rankings.migrations.0003_staff_groups").make_groups(apps)
    import_module("rankings.migrations.0014_editors_import_contacts").forwards(apps, None)
    import_module("rankings.migrations.0017_staff_groups_subjects").add_subject_permissions(apps)
    import_module("press.migrations.0002_editors_permissions").add_to_editors(apps)
    import_module("press.migrations.0008_publishers_group").add_publishers(apps)


@pytest.fixture
def postgresql_only(db):
    """Skip a test whose meaning depends on PostgreSQL (row locks, concurrent sessions)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks or concurrent writers to test")


@pytest.fixture
def demo(db):
    """The demo data of `manage.py loaddemo`: IMT, its schools, editions 2020 and 2021."""
    call_command("loaddemo", verbosity=0)


# --- The admin --------------------------------------------------------------------------------
def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def open_change_page(client, assert_num_queries, obj, queries: int):
    """An object's admin change page, in exactly `queries` queries."""
    ContentType.objects.get_for_model(obj)  # cached for the process once any test used it
    with assert_num_queries(queries):
        response = client.get(admin_url(type(obj), "change", obj.pk))
    assert response.status_code == 200
    return response


def autocomplete(client, model, field: str, typed: str) -> list[str]:
    """What an admin autocomplete box offers for what an editor types."""
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": typed,
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field,
        },
    )
    return [item["text"] for item in response.json()["results"]]


def staff_user(group_name: str) -> User:
    user = User.objects.create_user(f"{group_name.lower().replace(' ', '-')}", password="x")
    user.is_staff = True
    user.save()
    user.groups.add(StaffGroup.objects.get(name=group_name))
    return user


@pytest.fixture
def sample(db):
    """One of everything, so admin list pages render real rows: IMT Atlantique's 2021 result."""
    group = GroupFactory(name="Institut Mines-Télécom", short_name="IMT", slug="imt")
    KeyFigureFactory(group=group)
    school = SchoolFactory(name="IMT Atlantique", group=group, kind=School.Kind.MEMBER)
    SchoolFactory(name="Universidad de Chile", country="CL")
    PhoneNumberFactory(contact__group=group)
    edition = EditionFactory(year=2021)
    EditionCountryFactory(edition=edition)
    result = ResultFactory(edition=edition, school=school, rank="101-200", score_low=Decimal(80))
    SDGResultFactory(result=result, sdg=SDG.objects.get(number=11), rank="=57")
    SDGResultFactory(result=result, sdg=SDG.objects.get(number=12), rank="101-200")
    return result


# --- Chromium -------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"  # Debian's package: browser downloads are impossible here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run: Playwright's sync API allows one instance at a time."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium is missing: apt-get install -y chromium (CI does it in .ci/run).")
    # Playwright's sync API runs an event loop in this thread; the ORM would refuse to work
    # beside it, though each call made here is synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def data_staff(client, db):
    """The test client, logged in as a member of "Data staff" (may import and export)."""
    user = User.objects.create_user("data", password="x", is_staff=True)
    user.groups.add(StaffGroup.objects.get(name="Data staff"))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, db):
    """The test client, logged in as a member of "Editors" (may not import)."""
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(StaffGroup.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def importer(client, db):
    """The test client, logged in as someone in both staff groups: imports schools (as data
    staff) and press contacts (as an editor)."""
    user = User.objects.create_user("importer", password="x", is_staff=True)
    user.groups.add(*StaffGroup.objects.filter(name__in=["Editors", "Data staff"]))
    client.force_login(user)
    return client
