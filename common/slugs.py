"""The one rule for a free web address: the base, else base-2, base-3..."""

from __future__ import annotations

from collections.abc import Callable


def free_slug(base: str, taken: Callable[[str], bool]) -> str:
    """The first of base, base-2, base-3... for which `taken` is false.

    `taken` is a query for a model that checks one slug at a time, or a set's `__contains__`
    for an import that knows every slug in use and must not query once per row.
    """
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug
