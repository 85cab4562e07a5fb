"""Why this sentence: each generated sentence with the facts it rests on, in both languages,
and the sentences a fact changed after publication affects."""

import pytest
from django.urls import reverse

from press import services
from press.facts import release_facts
from press.generator import plain_text, write_release
from press.generator.why import affected, explain
from press.snapshot import fact_lines
from rankings.models import Result

from .random_facts import random_facts


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_sentence_is_in_the_release_and_rests_on_known_facts(imt, edition_2021, language):
    facts = release_facts(imt, edition_2021)
    text = plain_text(write_release(facts, language))
    lines = fact_lines(facts)
    explained = explain(facts, language)
    assert len(explained) > 10
    for sentence in explained:
        assert sentence.text.replace("\u2060", "") in text
        assert sentence.facts
        assert set(sentence.facts) <= set(lines)


@pytest.mark.parametrize("seed", range(100))
def test_random_editions_explain_with_known_facts(seed):
    facts = random_facts(seed)
    lines = fact_lines(facts)
    for language in ("en", "fr"):
        for sentence in explain(facts, language):
            assert set(sentence.facts) <= set(lines)


def test_a_changed_sdg_rank_points_at_the_sentences_on_that_sdg(imt, edition_2021):
    facts = release_facts(imt, edition_2021)
    found = affected(explain(facts, "fr"), {"IMT Mines Alès: SDG 11"})
    assert found
    assert {s.section for s in found} >= {"IMT Mines Alès"}
    assert all(s.section != "IMT Atlantique" for s in found)


def test_the_admin_shows_why_and_which_sentences_a_change_affects(admin_client, imt, edition_2021):
    draft = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    release = services.publish(release=draft, user=None)
    url = reverse("admin:press_pressrelease_why", args=[release.pk])
    html = admin_client.get(url).content.decode()
    assert html.count("<details") > 10
    assert "IMT Atlantique: overall rank" in html
    assert "rest on a changed fact" not in html

    Result.objects.filter(school__slug="mines-saint-etienne", edition=edition_2021).update(
        rank_low=201, rank_high=300
    )
    html = admin_client.get(url).content.decode()
    assert "rest on a changed fact" in html
    assert "<details open>" in html
    change = admin_client.get(reverse("admin:press_pressrelease_change", args=[release.pk]))
    assert url in change.content.decode()
