"""The public press pages: list, release, PDF, feed, and what search engines read."""

import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from press import services
from press.models import EditorialBlock, PressRelease
from rankings.models import Result
from schools.models import PhoneNumber, PressContact
from tests.pages import proxy_seconds

from .conftest import flat


@pytest.fixture
def releases(imt, edition_2021):
    """The 2021 release, published in English and French."""
    published = {}
    for language in ("en", "fr"):
        release = services.generate_draft(
            group=imt, edition=edition_2021, language=language, user=None
        )
        published[language] = services.publish(release=release, user=None)
    return published


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(f"press:{name}", kwargs=kwargs)


def page_text(response) -> str:
    return flat(response.content.decode())


def json_ld(response) -> dict:
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(found[1])


@pytest.mark.parametrize("language", ["en", "fr"])
def test_release_page_shows_text_about_and_contact_block(client, releases, language):
    release = releases[language]
    response = client.get(release.get_absolute_url())
    text = page_text(response)
    assert response.status_code == 200
    assert f"<h1>{release.title}</h1>".replace("\u00a0", " ") in text
    assert "<h3>IMT Atlantique</h3>" in text
    assert {"en": "About Institut Mines-Télécom", "fr": "À propos du groupe IMT"}[language] in text
    assert "Séverine Picault" in text
    assert 'href="tel:+33627660509"' in text
    assert 'href="mailto:severine.picault@imt.fr"' in text
    assert {"en": "Press officer", "fr": "Attachée de presse"}[language] in text
    assert f'href="{release.get_pdf_url()}"' in text
    other = releases["fr" if language == "en" else "en"]
    assert f'href="{other.get_absolute_url()}"' in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_about_section_shows_the_website_alone_and_is_left_out_when_empty(
    client, imt, edition_2021, language
):
    heading = {"en": "About Institut Mines-Télécom", "fr": "À propos du groupe IMT"}[language]
    imt.about_en = imt.about_fr = ""
    imt.save()

    def page():
        release = services.generate_draft(
            group=imt, edition=edition_2021, language=language, user=None
        )
        release = services.publish(release=release, user=None)
        return page_text(client.get(release.get_absolute_url()))

    text = page()
    assert heading in text
    assert f'href="{imt.website}"' in text
    imt.website = imt.social_handle = imt.social_url = ""
    imt.save()
    assert heading not in page()


def test_release_page_has_open_graph_and_news_article_data(client, releases):
    response = client.get(releases["fr"].get_absolute_url())
    text = response.content.decode()
    assert '<meta property="og:type" content="article">' in text
    assert '<meta property="og:locale" content="fr_FR">' in text
    assert '<meta property="article:published_time"' in text
    data = json_ld(response)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == releases["fr"].title
    assert data["inLanguage"] == "fr"
    assert data["publisher"]["name"] == "Institut Mines-Télécom"
    assert data["url"].endswith("/fr/press/imt-2021-the-impact-rankings/")


def test_a_name_with_a_closing_script_tag_cannot_break_out_of_the_json_ld(client, releases):
    release = releases["en"]
    release.title = "Results </script><script>alert(1)</script>"
    release.save()
    response = client.get(release.get_absolute_url())
    assert "<script>alert(1)" not in response.content.decode()
    assert json_ld(response)["headline"] == release.title


def test_editorial_blocks_appear_in_place_and_sanitised(client, releases):
    release = releases["en"]
    EditorialBlock.objects.create(
        release=release,
        heading="The ecological transition",
        html="<p>Training <strong>responsible</strong> engineers<script>x()</script></p>",
    )
    text = page_text(client.get(release.get_absolute_url()))
    block = text.index("The ecological transition")
    assert text.index("This prestigious ranking measures") < block < text.index("Four IMT schools")
    assert "<strong>responsible</strong>" in text
    assert "x()" not in text


def test_draft_is_not_public(client, imt, edition_2021):
    draft = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_pdf_url()).status_code == 404
    assert draft.title not in client.get(url("list", "en")).content.decode()


def test_release_in_one_language_is_not_served_under_the_other(client, imt, edition_2021):
    release = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    services.publish(release=release, user=None)
    assert client.get(url("detail", "fr", slug=release.slug)).status_code == 404


def test_embargoed_release_appears_at_the_embargo_time(client, monkeypatch, imt, edition_2021):
    release = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    embargo = timezone.now() + datetime.timedelta(hours=3)
    services.schedule(release=release, user=None, embargo_until=embargo)

    assert client.get(release.get_absolute_url()).status_code == 404
    assert release.title not in client.get(url("list", "en")).content.decode()
    assert release.title not in client.get(url("feed", "en")).content.decode()

    monkeypatch.setattr(timezone, "now", lambda: embargo + datetime.timedelta(minutes=1))
    assert client.get(release.get_absolute_url()).status_code == 200
    assert release.title in client.get(url("list", "en")).content.decode()
    assert release.title in client.get(url("feed", "en")).content.decode()


def test_public_page_keeps_the_published_text_after_a_data_change(client, releases):
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "201-300"
    result.save()
    text = page_text(client.get(releases["en"].get_absolute_url()))
    assert "to the 101–200 band in 2021" in text
    assert "201–300 band in 2021" not in text


def test_list_shows_releases_of_its_language_newest_first(client, releases):
    text = page_text(client.get(url("list", "fr")))
    assert flat(releases["fr"].title) in text
    assert releases["en"].title not in text


def test_atom_feed_lists_public_releases(client, releases):
    response = client.get(url("feed", "en"))
    text = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<feed" in text
    assert f"<title>{releases['en'].title}</title>" in text
    assert "/en/press/imt-2021-the-impact-rankings/" in text
    assert "four of its schools among the 18 French institutions ranked" in flat(text)


def test_a_release_published_after_an_old_embargo_shows_its_real_publication_time(
    client, imt, edition_2021
):
    draft = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    draft.embargo_until = timezone.now() - datetime.timedelta(days=400)
    draft.save()
    release = services.publish(release=draft, user=None)
    published = timezone.localtime(release.published_at)
    page = client.get(release.get_absolute_url()).content.decode()
    assert f'content="{published.isoformat()}"' in page  # article:published_time
    whole_seconds = published.replace(microsecond=0).isoformat()  # HTML allows no fraction
    assert f'Published <time datetime="{whole_seconds}"' in page
    feed = client.get(url("feed", "en")).content.decode()
    assert f"<published>{release.published_at.isoformat()}</published>" in feed


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return flat("\n".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize(
    ("language", "day", "time"),
    [
        ("fr", "1er décembre 2026", "1er décembre 2026, 10:30"),
        ("en", "1 December 2026", "1 December 2026, 10:30"),
    ],
)
def test_release_dates_on_the_first_of_the_month_read_as_the_language_writes_them(
    client, imt, edition_2021, language, day, time
):
    draft = services.generate_draft(group=imt, edition=edition_2021, language=language, user=None)
    first = timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 30))
    release = services.publish(release=draft, user=None, now=first)
    assert time in page_text(client.get(release.get_absolute_url()))
    assert day in page_text(client.get(url("list", language)))
    assert time in pdf_text(client.get(release.get_pdf_url()))


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "en",
            [
                "Institut Mines-Télécom schools stand out",
                "IMT Mines Alès",
                "Ranked in 16 of the 17 SDGs, the school is in the world top 200",
                "1,115 in 2021",
                "severine.picault@imt.fr",
            ],
        ),
        (
            "fr",
            [
                "les écoles du groupe IMT se distinguent",
                "Présente dans 16 des 17 ODD, l’école se classe",
                "1 115 en 2021",
                "Attachée de presse",
                "+33 (0) 6 27 66 05 09",
            ],
        ),
    ],
)
def test_pdf_is_a_real_pdf_whose_text_reads_back(client, releases, language, phrases):
    response = client.get(releases[language].get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = " ".join(pdf_text(response).split())
    for phrase in phrases:
        assert phrase in text


def test_release_page_links_the_print_stylesheet(client, releases):
    text = client.get(releases["en"].get_absolute_url()).content.decode()
    assert 'href="/static/press/print.css" media="print"' in text


# Queries: the release; its editorial blocks; contacts and their phones; the other language.
# (The list page: its releases in one query.)
# The detail page: the release, its blocks, its translation (its contacts are frozen in it).
@pytest.mark.parametrize(("name", "queries"), [("detail", 3), ("list", 1), ("feed", 2)])
def test_public_press_pages_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, imt, edition_2021, releases, name, queries
):
    for _ in range(3):  # more releases must not mean more queries
        services.publish(
            release=services.generate_draft(
                group=imt, edition=edition_2021, language="en", user=None
            ),
            user=None,
        )
    assert PressRelease.objects.public().count() == 5
    kwargs = {"slug": releases["en"].slug} if name == "detail" else {}
    with django_assert_num_queries(queries):
        response = client.get(url(name, "en", **kwargs))
    assert response.status_code == 200


def test_sitemap_lists_public_releases_in_their_language(client, releases, imt, edition_2021):
    draft = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    text = client.get("/sitemap.xml").content.decode()
    assert "/en/press/imt-2021-the-impact-rankings/</loc>" in text
    assert "/fr/press/imt-2021-the-impact-rankings/</loc>" in text
    assert f"/en/press/{draft.slug}/</loc>" not in text


def test_editorial_block_written_around_save_is_still_sanitised_on_display(client, releases):
    release = releases["en"]
    block = EditorialBlock.objects.create(release=release, html="<p>Fine</p>")
    EditorialBlock.objects.filter(pk=block.pk).update(html='<p>Fine</p><img src=x onerror="x()">')
    text = client.get(release.get_absolute_url()).content.decode()
    assert "<p>Fine</p>" in text
    assert "onerror" not in text


def test_pdf_is_rendered_once_until_the_release_changes(client, releases, monkeypatch):
    from press import views

    renders = []
    render = views.release_pdf_bytes
    monkeypatch.setattr(
        views, "release_pdf_bytes", lambda *args: renders.append(1) or render(*args)
    )
    release = releases["en"]
    first = client.get(release.get_pdf_url()).content
    assert client.get(release.get_pdf_url()).content == first
    assert len(renders) == 1

    # A contact's edit leaves a published release as it was (its contacts are frozen).
    PhoneNumber.objects.filter(contact__name="Séverine Picault").update(number="+33 1 00 00 00 00")
    PressContact.objects.get(name="Séverine Picault").save()
    assert client.get(release.get_pdf_url()).content == first
    assert len(renders) == 1

    release.title = "A corrected title"
    release.save()
    assert "A corrected title" in pdf_text(client.get(release.get_pdf_url()))
    assert len(renders) == 2


def test_the_language_links_of_a_release_lead_to_its_translation(client, releases):
    english, french = releases["en"], releases["fr"]

    page = client.get(english.get_absolute_url()).content.decode()

    assert f'hreflang="fr" href="http://127.0.0.1:8000{french.get_absolute_url()}"' in page
    assert client.get(french.get_absolute_url()).status_code == 200


def test_a_release_not_public_in_the_other_language_links_to_that_press_list(
    client, imt, edition_2021
):
    draft = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    english = services.publish(release=draft, user=None)
    services.generate_draft(group=imt, edition=edition_2021, language="fr", user=None)

    page = client.get(english.get_absolute_url()).content.decode()

    press_list = url("list", "fr")
    assert f'hreflang="fr" href="http://127.0.0.1:8000{press_list}"' in page
    assert client.get(press_list).status_code == 200


def test_no_proxy_keeps_a_press_page_past_a_release_embargo(
    client, monkeypatch, releases, imt, edition_2021
):
    """nginx keeps press pages 5 s, and 5 s more while refreshing: the list and the feed it took
    just before a scheduled release's embargo must not hide the release after it."""
    release = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    embargo = timezone.now() + datetime.timedelta(hours=3)
    services.schedule(release=release, user=None, embargo_until=embargo)
    pages = [url("list", "en"), url("feed", "en"), releases["en"].get_absolute_url()]
    for before, kept in [(3.5, (2, 0)), (7.5, (5, 1)), (0.5, (0, 0))]:
        moment = embargo - datetime.timedelta(seconds=before)
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        for page in pages:
            assert proxy_seconds(client.get(page)) == kept, (page, before)
    monkeypatch.setattr(timezone, "now", lambda: embargo + datetime.timedelta(seconds=1))
    assert release.title in client.get(url("list", "en")).content.decode()
    assert proxy_seconds(client.get(url("list", "en"))) == (5, 5)
