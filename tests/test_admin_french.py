"""The editors' admin in French: the project's own labels follow the browser's language.

Django translates its own admin chrome; these tests check the labels this project adds
(models, fields, help texts, filters, actions, fieldsets, messages), and that a field added
later without a French translation is caught.
"""

from decimal import Decimal
from html import unescape

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django_countries.fields import CountryField
from modeltranslation.fields import TranslationField

from press import services
from rankings.models import SDG, Edition, Result
from schools.models import Group, School
from tests.factories import (
    EditionFactory,
    GroupFactory,
    ResultFactory,
    SchoolFactory,
    SDGResultFactory,
)

FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

OWN_APPS = ("schools", "rankings", "press")

# Labels that are rightly the same word in both languages.
SAME_IN_BOTH_LANGUAGES = {"slug", "description", "note", "notes", "score"}


def page(response) -> str:
    """The page's text as a reader sees it: entities decoded, no-break spaces as spaces."""
    assert response.status_code == 200
    return unescape(response.content.decode()).replace("\u00a0", " ")


@pytest.fixture
def sample(db):
    group = GroupFactory(name="Institut Mines-Télécom", short_name="IMT", slug="imt")
    school = SchoolFactory(name="IMT Atlantique", group=group, kind=School.Kind.MEMBER)
    SchoolFactory(name="Universidad de Chile", country="CL")
    edition = EditionFactory(year=2021)
    result = ResultFactory(edition=edition, school=school, rank="101-200", score_low=Decimal(80))
    SDGResultFactory(result=result, sdg=SDG.objects.get(number=17), rank="=57")
    return result


def test_admin_index_names_apps_and_models_in_french(admin_client, sample):
    text = page(admin_client.get(reverse("admin:index"), **FR))
    for label in [
        "impactsite — rédaction",
        "Écoles, classements et presse",
        "Écoles et contacts",
        "Classements et résultats",
        "Communiqués de presse",
        "Contacts presse",
        "Groupes",
        "Écoles",
        "Éditions",
        "Résultats par ODD",
        "Imports en arrière-plan",
    ]:
        assert label in text, label
    assert "Schools and contacts" not in text


def test_school_add_form_has_french_labels_and_help_texts(admin_client, sample):
    text = page(admin_client.get(reverse("admin:schools_school_add"), **FR))
    for label in [
        "Ajout : école",  # Django's "Add %s", reworded: "Ajout de école" does not elide
        "Nom court",
        "Ville",
        "Site web",
        "Appartenance",  # fieldset title
        "Nom officiel, tel que THE l’écrit.",
        "Laissez vide pour les établissements qui n’apparaissent que dans les classements.",
        "École membre",  # a choice of "type"
        "Autre établissement",
    ]:
        assert label in text, label
    assert "Official name, as THE prints it." not in text


def test_school_change_form_is_french(admin_client, sample):
    school = sample.school
    text = page(admin_client.get(reverse("admin:schools_school_change", args=[school.pk]), **FR))
    assert "Modification : école" in text
    assert "Pays de l’établissement (code ISO 3166)." in text
    assert "Où" in text
    assert "Country of the institution" not in text


def test_result_change_page_is_french(admin_client, sample):
    text = page(admin_client.get(reverse("admin:rankings_result_change", args=[sample.pk]), **FR))
    for label in [
        "Rang global",  # the form's own field
        "Comme THE l’écrit : 57, =57 pour un ex aequo",
        "Rang national",
        "Classement général",  # fieldset
        "Dans un communiqué de presse",
        "Classements par ODD (une ligne par ODD dans lequel l’établissement est classé)",
        "Établissement",  # the school field
    ]:
        assert label in text, label
    assert "Overall table" not in text


def test_list_filter_titles_and_action_are_french(admin_client, sample):
    schools = page(admin_client.get(reverse("admin:schools_school_changelist"), **FR))
    assert "Par pays" in schools  # Django's "By %(filter_title)s" with our filter's title
    assert "Ajouter à un groupe…" in schools  # the admin action
    assert "Éditions classées" in schools  # an @admin.display column
    results = page(admin_client.get(reverse("admin:rankings_result_changelist"), **FR))
    assert "Par rang global" in results
    assert "Seulement dans les classements par ODD" in results
    assert "Depuis l’édition précédente" in results


def test_add_to_group_action_speaks_french(admin_client, sample):
    other = School.objects.get(name="Universidad de Chile")
    every_institution = reverse("admin:schools_school_changelist") + "?show=all"
    response = admin_client.post(
        every_institution,
        {"action": "add_to_group", "_selected_action": [other.pk]},
        **FR,
    )
    text = page(response)
    assert "Cet établissement appartiendra au groupe que vous choisissez :" in text
    assert "Ajouter au groupe" in text
    group = Group.objects.get(slug="imt")
    response = admin_client.post(
        every_institution,
        {
            "action": "add_to_group",
            "_selected_action": [other.pk],
            "apply": "1",
            "group": group.pk,
            "kind": "partner",
        },
        follow=True,
        **FR,
    )
    assert "1 ajouté au groupe IMT (partenaire)." in page(response)


def test_press_release_admin_is_french(admin_client, demo):
    group = Group.objects.get(slug="imt")
    edition = Edition.objects.get(year=2021, ranking__slug="the-impact-rankings")
    release = services.generate_draft(group=group, edition=edition, language="en", user=None)
    url = reverse("admin:press_pressrelease_change", args=[release.pk])
    text = page(admin_client.get(url, **FR))
    for label in [
        "Modification : communiqué de presse",
        "Corps du texte",
        "Embargo jusqu’au",
        "Texte",  # fieldset
        "Enregistrer et publier",  # the workflow buttons of our template
        "Aperçu",
        "Révisions",
        "Blocs éditoriaux",  # the inline
    ]:
        assert label in text, label
    changelist = page(admin_client.get(reverse("admin:press_pressrelease_changelist"), **FR))
    assert "Réécrire les brouillons sélectionnés à partir des données du jour" in changelist
    assert "Créer un brouillon à partir des données" in changelist
    assert "Brouillon" in changelist  # the status column


def test_the_same_pages_stay_english_for_an_english_browser(admin_client, sample):
    index = page(admin_client.get(reverse("admin:index"), **EN))
    assert "Schools and contacts" in index
    assert "Background imports" in index
    school = page(admin_client.get(reverse("admin:schools_school_add"), **EN))
    assert "Official name, as THE prints it." in school
    assert "Membership" in school
    assert "Appartenance" not in school
    result = page(admin_client.get(reverse("admin:rankings_result_changelist"), **EN))
    assert "By overall rank" in result
    assert "In SDG tables only" in result


def test_language_cookie_also_selects_french(admin_client, sample):
    admin_client.cookies["django_language"] = "fr"
    assert "Écoles et contacts" in page(admin_client.get(reverse("admin:index")))


def post_result_in_french(client, result, *, rank, score):
    """The result's change form sent by a French editor, with no SDG rows; the page as text."""
    url = reverse("admin:rankings_result_change", args=[result.pk])
    data = {
        "edition": result.edition_id,
        "school": result.school_id,
        "rank": rank,
        "score": score,
        "national_rank": "",
        "sdg_results-TOTAL_FORMS": "0",
        "sdg_results-INITIAL_FORMS": "0",
        "sdg_results-MIN_NUM_FORMS": "0",
        "sdg_results-MAX_NUM_FORMS": "17",
    }
    return page(client.post(url, data, **FR))


def test_form_validation_errors_are_french(admin_client, sample):
    text = post_result_in_french(admin_client, sample, rank="101-200", score="101")
    assert "Un score est compris entre 0 et 100, pas 101." in text
    assert Result.objects.get(pk=sample.pk).score_low == Decimal(80)


def test_a_rank_that_does_not_parse_is_explained_in_french(admin_client, sample):
    text = post_result_in_french(admin_client, sample, rank="400-301", score="")
    assert "« 400-301 » : les bornes de la tranche sont inversées." in text
    assert "reversed" not in text
    assert str(Result.objects.get(pk=sample.pk).rank) == "101–200"


# --- Every field of the project's models is translated ------------------------------------


def own_fields():
    for app in OWN_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                # Reverse relations and the automatic id are Django's; a modeltranslation
                # column (about_en) takes the label of the field it translates, checked itself.
                if field.auto_created or isinstance(field, TranslationField):
                    continue
                yield model, field


def in_language(text, language: str) -> str:
    with translation.override(language):
        return str(text)


@pytest.mark.parametrize(
    ("model", "field"),
    [pytest.param(m, f, id=f"{m._meta.label}.{f.name}") for m, f in own_fields()],
)
def test_every_field_label_and_help_text_is_translated(model, field):
    english = in_language(field.verbose_name, "en")
    french = in_language(field.verbose_name, "fr")
    assert french != english or english in SAME_IN_BOTH_LANGUAGES, (
        f"{model._meta.label}.{field.name}: verbose_name {english!r} has no French translation"
    )
    if field.help_text:
        help_en = in_language(field.help_text, "en")
        help_fr = in_language(field.help_text, "fr")
        assert help_fr != help_en, (
            f"{model._meta.label}.{field.name}: help_text {help_en!r} has no French translation"
        )
    if isinstance(field, CountryField):
        return  # country names come translated with django-countries
    for value, label in field.flatchoices or []:
        label_en, label_fr = in_language(label, "en"), in_language(label, "fr")
        assert label_fr != label_en, f"{model._meta.label}.{field.name}: choice {value!r}"


@pytest.mark.parametrize(
    "model",
    [model for app in OWN_APPS for model in apps.get_app_config(app).get_models()],
    ids=lambda model: model._meta.label,
)
def test_every_model_name_is_translated(model):
    opts = model._meta
    for name in (opts.verbose_name, opts.verbose_name_plural):
        assert in_language(name, "fr") != in_language(name, "en"), f"{opts.label}: {name!r}"


# --- Numbers, and the sentences Django composes around model names ---------------------------


def test_counts_and_scores_are_written_as_each_language_writes_them(admin_client, sample):
    sample.edition.institutions_ranked = 8449
    sample.edition.save()
    sample.score_low = Decimal("88.4")
    sample.save()
    editions = admin_client.get(reverse("admin:rankings_edition_changelist"), **FR)
    assert "8\u00a0449" in editions.content.decode()
    assert ">2021<" in editions.content.decode()  # a year is not a count: never "2 021"
    results = admin_client.get(reverse("admin:rankings_result_changelist"), **FR)
    assert "88,4" in page(results)
    english = admin_client.get(reverse("admin:rankings_edition_changelist"), **EN)
    assert "8,449" in english.content.decode()
    assert "88.4" in page(admin_client.get(reverse("admin:rankings_result_changelist"), **EN))


def test_the_add_another_country_button_reads_correctly(admin_client, sample):
    url = reverse("admin:rankings_edition_change", args=[sample.edition_id])
    assert "Add another Country" in page(admin_client.get(url, **EN))
    french = admin_client.get(url, **FR).content.decode()
    assert "Ajouter un objet Pays suppl\\u00e9mentaire" in french  # JSON for Django's script
    assert "Modification\u00a0: édition" in french


def test_page_titles_read_correctly_before_a_name_starting_with_a_vowel(admin_client, sample):
    """Django's "Affichage de %s" would read "Affichage de import en arrière-plan"."""
    from rankings.models import ImportJob

    job = ImportJob.objects.create(filename="the-2021.csv", year=2021, data=b"", language="fr")
    french = page(admin_client.get(reverse("admin:rankings_importjob_change", args=[job.pk]), **FR))
    assert "Affichage : import en arrière-plan" in french
    school = page(admin_client.get(reverse("admin:schools_school_add"), **FR))
    assert "Ajout : école" in school
    english = page(
        admin_client.get(reverse("admin:rankings_importjob_change", args=[job.pk]), **EN)
    )
    assert "View background import" in english
