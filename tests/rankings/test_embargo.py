"""An edition under embargo: data staff import it early, the public sees it at its moment.

The demo has editions 2020 and 2021; these tests add 2022, public tomorrow, in which IMT
Atlantique is ranked 57th.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from press import services
from press.models import PressRelease
from rankings.importing.service import Options, preview_import, run_import
from rankings.models import SDG, Edition, Ranking, Result, SDGResult
from schools.models import Group, School
from tests.pages import proxy_seconds

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/en/",
    "/en/rankings/",
    "/en/schools/",
    "/en/schools/imt-atlantique/",
    "/fr/schools/imt-atlantique/",
]


@pytest.fixture
def embargoed(demo):
    """Edition 2022, public tomorrow, with IMT Atlantique 57th overall and 12th in SDG 9."""
    edition = Edition.objects.create(
        ranking=Ranking.objects.get(slug="the-impact-rankings"),
        year=2022,
        published_at=timezone.now() + datetime.timedelta(days=1),
        institutions_ranked=1406,
    )
    result = Result.objects.create(
        edition=edition, school=School.objects.get(slug="imt-atlantique"), rank="57"
    )
    SDGResult.objects.create(result=result, sdg=SDG.objects.get(number=9), rank="12")
    return edition


@pytest.fixture
def staff(client, db):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    return client


def later(monkeypatch, edition: Edition, seconds: int = 1) -> None:
    """Move the clock past the edition's publication moment, as the night before release day
    turns into the morning: nobody saves anything."""
    moment = edition.published_at + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_an_edition_under_embargo_is_on_no_public_page(client, embargoed, url):
    page = client.get(url).content.decode()
    assert "2022" not in page
    assert "1,406" not in page
    assert "1 406" not in page


def test_its_tables_are_not_found(client, embargoed):
    assert client.get("/en/rankings/2022/").status_code == 404
    assert client.get("/en/rankings/2022/sdg/9/").status_code == 404


def test_the_sitemap_leaves_it_out(client, embargoed):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/rankings/2022/" not in sitemap


def test_a_school_known_only_from_it_is_not_in_the_sitemap(client, embargoed):
    newcomer = School.objects.create(name="Université de Nulle Part", country="FR")
    Result.objects.create(edition=embargoed, school=newcomer, rank="601-800")
    assert newcomer.slug not in client.get("/sitemap.xml").content.decode()


def test_the_schools_list_shows_the_latest_public_edition(client, embargoed):
    page = client.get("/en/schools/").content.decode()
    assert "101–200" in page  # IMT Atlantique in 2021
    assert ">57<" not in page


def test_the_school_page_json_ld_and_chart_leave_it_out(client, embargoed):
    page = client.get("/en/schools/imt-atlantique/").content.decode()
    assert "2022" not in page
    assert "57" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_staff_preview_the_pages_with_the_edition_marked_as_a_preview(staff, embargoed):
    response = staff.get("/en/rankings/2022/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview for staff" in page
    assert "THE Impact Rankings 2022" in page
    assert "no-store" in response["Cache-Control"]
    home = staff.get("/en/").content.decode()
    assert "Preview for staff" in home
    assert "57" in home


def test_a_preview_is_never_cached_for_the_public(client, embargoed):
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    client.get("/en/")
    client.get("/en/schools/imt-atlantique/")
    client.logout()
    assert "Preview for staff" not in client.get("/en/").content.decode()
    assert "2022" not in client.get("/en/schools/imt-atlantique/").content.decode()


def test_staff_see_the_preview_even_after_the_public_page_was_cached(client, embargoed):
    client.get("/en/")  # cached for the public
    client.force_login(User.objects.create_user("editor", password="x", is_staff=True))
    assert "Preview for staff" in client.get("/en/").content.decode()


def test_the_edition_appears_by_itself_at_its_moment(client, embargoed, monkeypatch):
    before = client.get("/en/").content.decode()  # now in the page cache
    assert "2022" not in before
    later(monkeypatch, embargoed)
    after = client.get("/en/").content.decode()
    assert "THE Impact Rankings 2022" in after
    assert client.get("/en/rankings/2022/").status_code == 200
    assert "/rankings/2022/" in client.get("/sitemap.xml").content.decode()


def test_no_cached_page_outlives_the_moment(client, embargoed, monkeypatch):
    for url in PUBLIC_PAGES:
        client.get(url)
    later(monkeypatch, embargoed)
    for url in PUBLIC_PAGES:
        assert "2022" in client.get(url).content.decode(), url


def test_an_edition_without_a_moment_is_private(client, embargoed):
    Edition.objects.filter(pk=embargoed.pk).update(published_at=None)
    assert client.get("/en/rankings/2022/").status_code == 404


# --- Releases ---------------------------------------------------------------------------
@pytest.fixture
def draft(embargoed):
    return PressRelease.objects.create(
        group=Group.objects.get(slug="imt"),
        edition=embargoed,
        language="en",
        slug="imt-2022",
        title="IMT in THE Impact Rankings 2022",
        body="IMT Atlantique is 57th.",
    )


def test_a_release_is_scheduled_for_its_edition_moment(draft, embargoed):
    editor = User.objects.create_user("editor", is_staff=True)
    services.schedule(release=draft, user=editor)
    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.SCHEDULED
    assert draft.embargo_until == embargoed.published_at


def test_a_release_cannot_be_public_before_its_edition(draft):
    editor = User.objects.create_user("editor", is_staff=True)
    with pytest.raises(ValidationError, match="under embargo until"):
        services.publish(release=draft, user=editor)
    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.DRAFT


def test_a_published_release_of_an_embargoed_edition_stays_hidden(client, draft, monkeypatch):
    # Published by a raw update (a script, an old backup): the edition still guards it.
    PressRelease.objects.filter(pk=draft.pk).update(
        status=PressRelease.Status.PUBLISHED, published_at=timezone.now(), facts_snapshot={}
    )
    assert client.get("/en/press/imt-2022/").status_code == 404
    later(monkeypatch, draft.edition)
    assert client.get("/en/press/imt-2022/").status_code == 200


# --- What the import says -----------------------------------------------------------------
def test_an_import_that_creates_an_edition_says_it_stays_private(db):
    data = b"institution,country,table,rank\nIMT Atlantique,FR,overall,57\n"
    report = run_import(data, options=Options.build(year=2023))
    assert "has no publication moment: only staff see its results" in " ".join(report.notes)
    assert Edition.objects.get(year=2023).published_at is None


def test_an_import_into_an_edition_under_embargo_says_when_it_becomes_public(embargoed):
    data = b"institution,country,table,rank\nIMT Atlantique,FR,overall,57\n"
    report = preview_import(data, options=Options.build(year=2022))
    assert "is under embargo: the public sees its results from" in " ".join(report.notes)


@pytest.mark.parametrize(
    ("before", "kept"),
    [(86400, (5, 5)), (7.5, (5, 1)), (3.5, (2, 0)), (1.5, (0, 0)), (0.5, (0, 0))],
)
def test_no_proxy_keeps_a_page_past_the_moment(client, embargoed, monkeypatch, before, kept):
    """nginx in front keeps a page 5 s, then 5 s more while refreshing it: a page it took just
    before the moment must not show the old state after it. nginx counts whole seconds and
    keeps a page up to a second past its s-maxage: the seconds left, less one."""
    later(monkeypatch, embargoed, seconds=-before)
    for url in PUBLIC_PAGES:
        rendered = client.get(url)
        assert proxy_seconds(rendered) == kept, url
        assert sum(proxy_seconds(rendered)) <= before
        # From the page cache, and a proxy's revalidation answered 304: the same.
        assert proxy_seconds(client.get(url)) == kept, url
        revalidated = client.get(url, headers={"if-none-match": rendered["ETag"]})
        assert proxy_seconds(revalidated) == kept, url
        # With no time left, no 304: nginx keeps a copy revalidated by a 304 that gives it no
        # time as long as the copy first said.
        assert revalidated.status_code == (304 if kept[0] else 200), url


def test_once_the_moment_has_passed_pages_are_kept_as_usual(client, embargoed, monkeypatch):
    later(monkeypatch, embargoed, seconds=-3)
    assert proxy_seconds(client.get("/en/")) == (2, 0)
    later(monkeypatch, embargoed, seconds=1)
    assert proxy_seconds(client.get("/en/")) == (5, 5)


def test_a_proxy_refreshing_a_changed_page_keeps_it_no_longer_than_the_moment(
    client, embargoed, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """After an editor's change nginx's revalidation is answered 304 "keep it 1 s more" and the
    page rendered after the answer (common/pagerefresh.py): not in the last seconds before the
    moment, when the page is rendered at once and nginx keeps nothing."""
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = ["127.0.0.0/8", "::1"]
    later(monkeypatch, embargoed, seconds=-0.5)
    held = client.get("/en/schools/imt-atlantique/")["ETag"]
    school = School.objects.get(slug="imt-atlantique")
    school.city = "Brest"
    with django_capture_on_commit_callbacks(execute=True):
        school.save()
    answer = client.get(
        "/en/schools/imt-atlantique/", headers={"if-none-match": held}, REMOTE_ADDR="127.0.0.1"
    )
    assert answer.status_code == 200
    assert "Brest" in answer.content.decode()
    assert proxy_seconds(answer) == (0, 0)
    # Three and a half seconds before: the refresh after the answer, as usual.
    later(monkeypatch, embargoed, seconds=-3.5)
    school.city = "Nantes"
    with django_capture_on_commit_callbacks(execute=True):
        school.save()
    answer = client.get(
        "/en/schools/imt-atlantique/",
        headers={"if-none-match": answer["ETag"]},
        REMOTE_ADDR="127.0.0.1",
    )
    assert answer.status_code == 304
    assert proxy_seconds(answer) == (1, 1)  # two seconds left, less one: 1 + 1


def test_a_proxy_s_copy_from_before_the_moment_is_not_kept_on_after_it(
    client, embargoed, monkeypatch, settings
):
    """An editor's change reaches nginx a second late (its revalidation answered 304 "keep it
    1 s more", the page rendered after the answer); the end of an embargo does not: the page
    is rendered in the request that revalidates a copy from before the moment."""
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = ["127.0.0.0/8", "::1"]
    later(monkeypatch, embargoed, seconds=-3)
    held = client.get("/en/schools/imt-atlantique/")["ETag"]
    later(monkeypatch, embargoed, seconds=1)
    answer = client.get(
        "/en/schools/imt-atlantique/", headers={"if-none-match": held}, REMOTE_ADDR="127.0.0.1"
    )
    assert answer.status_code == 200
    assert "2022" in answer.content.decode()
    # Its next revalidation of that page is answered from the page cache, as usual.
    again = client.get(
        "/en/schools/imt-atlantique/",
        headers={"if-none-match": answer["ETag"]},
        REMOTE_ADDR="127.0.0.1",
    )
    assert again.status_code == 304
