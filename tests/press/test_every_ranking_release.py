"""`press_release --ranking` and the admin's "generate a draft" for rankings other than THE
Impact: the release about that ranking, in English and French."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from press import services
from press.models import PressRelease
from rankings.models import SubjectResult

from . import ranking_samples
from .conftest import flat


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("press_release", *args, stdout=out)
    return flat(out.getvalue())


@pytest.mark.parametrize(
    ("sample", "slug", "year", "english", "french"),
    [
        (
            "world_university_rankings",
            "the-world-university-rankings",
            "2021",
            "IMT Atlantique keeps its place in the 351–400 band, in the world top 400.",
            "L’école est 10e parmi les établissements français, contre 12e en 2020.",
        ),
        (
            "subject_rankings",
            "the-subject-rankings",
            "2021",
            "151–175 in computer science, of 827 ranked",
            "dans la tranche 201–250 en ingénierie et technologie, sur 1 098 classés",
        ),
        (
            "national_ranking",
            "letudiant",
            "2020",
            "12th Mines Saint-Étienne (19th in 2019)",
            "12e Mines Saint-Étienne (19e en 2019)",
        ),
    ],
)
def test_press_release_command_for_any_ranking(db, sample, slug, year, english, french):
    getattr(ranking_samples, sample)()
    args = ["--edition", year, "--group", "imt", "--ranking", slug]
    printed_en = run(*args, "--lang", "en")
    printed_fr = run(*args, "--lang", "fr")
    assert english in printed_en
    assert french in printed_fr
    assert "SDG" not in printed_en
    assert "ODD" not in printed_fr


def test_admin_generates_drafts_for_a_national_ranking(admin_client, db):
    group, edition = ranking_samples.national_ranking()
    response = admin_client.post(
        reverse("admin:press_pressrelease_generate"),
        {"group": group.pk, "edition": edition.pk, "languages": ["en", "fr"]},
    )
    assert response.status_code == 302
    english = PressRelease.objects.get(language="en")
    french = PressRelease.objects.get(language="fr")
    assert english.slug == french.slug == "imt-2020-letudiant"
    assert flat(english.title) == (
        "Institut Mines-Télécom schools stand out in the 2020 L'Étudiant ranking of "
        "engineering schools"
    )
    assert "3rd Télécom Paris (4th in 2019)" in flat(english.body)
    assert "167 écoles ont été évaluées (160 en 2019)." in flat(french.body)
    preview = admin_client.get(reverse("admin:press_pressrelease_preview", args=[english.pk]))
    assert preview.status_code == 200
    assert "SDG" not in preview.content.decode()


def test_a_published_subject_release_notices_a_changed_subject_place(db):
    group, edition = ranking_samples.subject_rankings()
    release = services.generate_draft(group=group, edition=edition, language="en", user=None)
    services.publish(release=release, user=None)
    SubjectResult.objects.filter(
        result__school__slug="mines-saint-etienne", subject__slug="physical-sciences"
    ).update(rank_low=201, rank_high=300)
    changes = services.facts_changed_since(release)
    assert [(c.fact, c.before, c.after) for c in changes] == [
        ("Mines Saint-Étienne: Physical sciences", "301–400", "201–300")
    ]
