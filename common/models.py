"""Model pieces the domains share: natural keys by slug, web-address constraints, public URLs."""

from __future__ import annotations

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


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
