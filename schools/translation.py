"""Fields editors write in both languages (django-modeltranslation adds _en and _fr columns)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Group, KeyFigure, PressContact


@register(Group)
class GroupTranslation(TranslationOptions):
    fields = ("about",)


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("value", "label")


@register(PressContact)
class PressContactTranslation(TranslationOptions):
    fields = ("role",)
