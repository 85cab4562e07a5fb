"""Model pieces the domains share: natural keys by slug, web-address constraints, public URLs."""

from __future__ import annotations

from django.apps import AppConfig
from django.db import models
from django.db.models.signals import pre_save
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .text import without_bidi_controls


def public_url(name: str, **kwargs) -> str | None:
    """The public URL of an object, or None while the public pages do not exist yet."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


class SlugManager(models.Manager):
    """Finds rows by slug: the natural key portable backups refer to them by."""

    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


def web_address(field: str, name: str) -> models.CheckConstraint:
    """Only what URLField's form accepts: a `javascript:` address stored by a raw update or a
    script would otherwise become a live link on a public page."""
    return models.CheckConstraint(
        condition=models.Q(**{field: ""}) | models.Q(**{f"{field}__iregex": r"^(https?|ftps?)://"}),
        name=name,
        violation_error_message=_("Enter a web address starting with https:// or http://."),
    )


def _clean_text_fields(sender, instance, **kwargs) -> None:
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, without_bidi_controls(value))


def strip_bidi_controls_on_save(app_config: AppConfig) -> None:
    """Save every text field of the app's models without bidirectional-text controls.

    Forms, the admin, imports of schools and contacts and scripts all save through here; the
    results import's bulk writer reads its cells through spreadsheets.text.plain_text, which
    strips them too.
    """
    for model in app_config.get_models():
        pre_save.connect(
            _clean_text_fields, sender=model, dispatch_uid=f"bidi:{model._meta.label_lower}"
        )
