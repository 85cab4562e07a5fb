"""The 17 UN Sustainable Development Goals, with their official names and colours."""

from django.db import migrations

NBSP = "\u00a0"

SDGS = [
    (1, "No poverty", "Pas de pauvreté", "#E5243B"),
    (2, "Zero hunger", f"Faim «{NBSP}zéro{NBSP}»", "#DDA63A"),
    (3, "Good health and well-being", "Bonne santé et bien-être", "#4C9F38"),
    (4, "Quality education", "Éducation de qualité", "#C5192D"),
    (5, "Gender equality", "Égalité entre les sexes", "#FF3A21"),
    (6, "Clean water and sanitation", "Eau propre et assainissement", "#26BDE2"),
    (7, "Affordable and clean energy", "Énergie propre et d’un coût abordable", "#FCC30B"),
    (8, "Decent work and economic growth", "Travail décent et croissance économique", "#A21942"),
    (9, "Industry, innovation and infrastructure", "Industrie, innovation et infrastructure", "#FD6925"),
    (10, "Reduced inequalities", "Inégalités réduites", "#DD1367"),
    (11, "Sustainable cities and communities", "Villes et communautés durables", "#FD9D24"),
    (12, "Responsible consumption and production", "Consommation et production responsables", "#BF8B2E"),
    (13, "Climate action", "Mesures relatives à la lutte contre les changements climatiques", "#3F7E44"),
    (14, "Life below water", "Vie aquatique", "#0A97D9"),
    (15, "Life on land", "Vie terrestre", "#56C02B"),
    (16, "Peace, justice and strong institutions", "Paix, justice et institutions efficaces", "#00689D"),
    (17, "Partnerships for the goals", "Partenariats pour la réalisation des objectifs", "#19486A"),
]


def create_sdgs(apps, schema_editor):
    SDG = apps.get_model("rankings", "SDG")
    for number, name_en, name_fr, colour in SDGS:
        SDG.objects.update_or_create(
            number=number,
            defaults={"name": name_en, "name_en": name_en, "name_fr": name_fr, "colour": colour},
        )


def delete_sdgs(apps, schema_editor):
    apps.get_model("rankings", "SDG").objects.filter(number__in=[n for n, *_ in SDGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("rankings", "0001_initial")]
    operations = [migrations.RunPython(create_sdgs, delete_sdgs)]
