"""Names and texts carrying HTML and JavaScript reach every public output as text, nowhere live."""

import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django import forms as django_forms
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from schools.models import Group, School
from tests.reliability.hostile_content import LIVE_MARKUP, MARK, poison_the_demo


class LiveCode(HTMLParser):
    """Collects what a browser would run: event handler attributes, javascript: links, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")
        # JSON-LD is data, not code: the browser never runs it.
        self._in_script = tag == "script" and dict(attrs).get("type") != "application/ld+json"

    def handle_data(self, data):
        if self._in_script and MARK in data:
            self.found.append("script running the payload")

    def handle_endtag(self, tag):
        self._in_script = False


def live_code(page: str) -> list[str]:
    parser = LiveCode()
    parser.feed(page)
    return parser.found


@pytest.fixture
def poisoned(demo):
    return poison_the_demo()


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def html_pages(poisoned, language):
    release = poisoned["releases"][language]
    return [
        url("schools:list", language),
        url("schools:detail", language, slug="imt-atlantique"),
        url("schools:contact", language),
        url("schools:about", language),
        url("rankings:index", language),
        url("rankings:edition", language, year=2021),
        url("rankings:sdg", language, year=2021, number=14),
        url("press:list", language),
        release.get_absolute_url(),
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_public_page_shows_the_payloads_as_text(client, poisoned, language):
    for page_url in html_pages(poisoned, language):
        response = client.get(page_url)
        page = response.content.decode()

        assert response.status_code == 200, page_url
        for markup in LIVE_MARKUP:
            assert markup not in page, f"{page_url} carries live {markup}"
        assert live_code(page) == [], page_url
        if page_url not in (url("rankings:index", language), url("press:list", language)):
            assert "&lt;script&gt;window.pwned=1" in page, f"{page_url} lost the text"


def json_ld_blocks(page: str) -> list:
    return [
        json.loads(found)
        for found in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_json_ld_keeps_closing_script_tags_inside_its_strings(client, poisoned, language):
    release = poisoned["releases"][language]
    school_page = client.get(url("schools:detail", language, slug="imt-atlantique")).content
    release_page = client.get(release.get_absolute_url()).content

    school_data = json_ld_blocks(school_page.decode())
    release_data = json_ld_blocks(release_page.decode())

    assert poisoned["school"].name in [block.get("name") for block in school_data]
    assert any(block.get("headline") == release.title for block in release_data)
    assert b"</script><script>window.pwned" not in release_page


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_feed_is_well_formed_and_carries_the_title_as_text(client, poisoned, language):
    release = poisoned["releases"][language]

    feed = client.get(url("press:feed", language)).content

    titles = [
        element.text for element in ET.fromstring(feed).iter("{http://www.w3.org/2005/Atom}title")
    ]
    assert release.title in titles
    assert b"<script>window.pwned" not in feed


def test_the_pdf_prints_the_payload_as_words(client, poisoned):
    release = poisoned["releases"]["en"]

    response = client.get(release.get_pdf_url())

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "<script>window.pwned=1" in text  # printed, like any other words


def test_the_vcard_cannot_be_given_extra_lines(client, poisoned):
    contact = poisoned["contact"]

    card = client.get(url("schools:vcard", "en", pk=contact.pk)).content.decode()

    lines = card.replace("\r\n ", "").split("\r\n")  # unfold
    assert [line for line in lines if line.startswith("EMAIL")] == [
        f"EMAIL;TYPE=INTERNET,WORK:{contact.email}"
    ]
    assert sum(line.startswith("FN:") for line in lines) == 1
    assert "attacker@example.org" in next(line for line in lines if line.startswith("FN:"))


def test_editorial_blocks_lose_their_script_handlers_and_javascript_links(client, poisoned):
    page = client.get(poisoned["releases"]["en"].get_absolute_url()).content.decode()

    assert "Fine <a" in page  # the block is there, links allowed
    assert 'href="javascript:' not in page
    assert live_code(page) == []


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,<script>1</script>"])
def test_a_website_that_is_not_a_web_address_is_refused_by_the_forms(address):
    field = School._meta.get_field("website").formfield()

    with pytest.raises(django_forms.ValidationError):
        field.clean(address)


@pytest.mark.parametrize(
    ("model", "field"), [(School, "website"), (Group, "website"), (Group, "social_url")]
)
def test_a_javascript_address_cannot_be_stored_behind_the_forms_back(poisoned, model, field):
    # The shell or a raw update skips the forms: the database itself refuses the address,
    # which the public pages would otherwise print as a live link.
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**{field: f"javascript:{MARK}"})
