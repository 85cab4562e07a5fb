"""The share pack: posts for X (at most 280 characters) and LinkedIn in both languages, the
1200 x 630 card of a release and of a school page, their Open Graph and Twitter tags, and the
admin page that shows them beside the release."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from press import services
from press.facts import release_facts
from press.share import X_LIMIT, linkedin_post, release_card, x_post

from .random_facts import random_facts

LONG_URL = "https://impact.example.org/fr/communiques/" + "x" * 60 + "/"


def png_size(data: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.size


@pytest.mark.parametrize("language", ["en", "fr"])
def test_demo_posts_fit_and_say_the_headline_fact(imt, edition_2021, language):
    facts = release_facts(imt, edition_2021)
    post = x_post(facts, language, LONG_URL)
    assert len(post) <= X_LIMIT
    assert "IMT Atlantique" in post
    assert LONG_URL in post
    linkedin = linkedin_post(facts, language, LONG_URL)
    for school in facts.ranked_schools:
        assert school.name in linkedin


def test_french_posts_are_french(imt, edition_2021):
    facts = release_facts(imt, edition_2021)
    assert "1re des établissements français" in x_post(facts, "fr", LONG_URL)
    assert "first among French institutions" in x_post(facts, "en", LONG_URL)


@pytest.mark.parametrize("seed", range(300))
def test_x_posts_of_random_editions_fit_in_280_characters(seed):
    facts = random_facts(seed)
    for language in ("en", "fr"):
        assert len(x_post(facts, language, LONG_URL)) <= X_LIMIT
        assert LONG_URL in x_post(facts, language, LONG_URL)


def test_the_card_is_a_1200_by_630_png(imt, edition_2021):
    assert png_size(release_card(release_facts(imt, edition_2021), "fr")) == (1200, 630)


@pytest.fixture
def published(imt, edition_2021):
    release = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    return services.publish(release=release, user=None)


def card_url(release) -> str:
    with translation.override(release.language):
        return reverse("press:card", kwargs={"slug": release.slug})


def test_a_public_release_has_its_card_and_meta_tags(client, published):
    response = client.get(card_url(published))
    assert response["Content-Type"] == "image/png"
    assert png_size(response.content) == (1200, 630)

    html = client.get(published.get_absolute_url()).content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html)[1]
    assert image.startswith("http")
    assert image.endswith(card_url(published))
    assert f'<meta name="twitter:image" content="{image}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_a_draft_card_is_for_staff_only(client, admin_client, imt, edition_2021):
    draft = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    assert client.get(card_url(draft)).status_code == 404
    response = admin_client.get(card_url(draft))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_school_page_has_its_own_card(client, demo, language):
    with translation.override(language):
        page = reverse("schools:detail", kwargs={"slug": "imt-atlantique"})
        card = reverse("schools:card", kwargs={"slug": "imt-atlantique"})
    html = client.get(page).content.decode()
    assert re.search(rf'<meta property="og:image" content="http[^"]+{card}">', html)
    response = client.get(card)
    assert response["Content-Type"] == "image/png"
    assert png_size(response.content) == (1200, 630)


def test_the_admin_shows_the_posts_with_counts_and_the_cards(admin_client, published):
    url = reverse("admin:press_pressrelease_share", args=[published.pk])
    html = admin_client.get(url).content.decode()
    assert "IMT Atlantique" in html
    assert html.count("<textarea") == 4  # X and LinkedIn, English and French
    assert re.search(r"\d+ characters of 280", html)
    change = admin_client.get(reverse("admin:press_pressrelease_change", args=[published.pk]))
    assert url in change.content.decode()

    card = reverse("admin:press_pressrelease_share_card", args=[published.pk, "fr"])
    assert card in html
    response = admin_client.get(card + "?download=1")
    assert response["Content-Disposition"].startswith("attachment;")
    assert png_size(response.content) == (1200, 630)


def test_the_admin_pages_are_in_french_in_the_french_admin(admin_client, published):
    share = reverse("admin:press_pressrelease_share", args=[published.pk])
    html = admin_client.get(share, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Publication pour X" in html
    assert "1re des établissements français" in html
    why = reverse("admin:press_pressrelease_why", args=[published.pk])
    html = admin_client.get(why, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Pourquoi ces phrases" in html
