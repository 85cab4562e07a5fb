"""Fields editors write in both languages (django-modeltranslation adds _en and _fr columns)."""

from modeltranslation.translator import TranslationOptions, register

from .models import SDG, Ranking, Subject


@register(SDG)
class SDGTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "fr")


@register(Ranking)
class RankingTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",), "default": ()}


@register(Subject)
class SubjectTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"en": ("name",), "default": ()}
