"""Every admin page of the project, in French, in Chromium: no English string of the
project's catalogue is left on screen, and Django's own words are not overridden by the
public site's (a "Change" link must read "Modifier", not "Évolution")."""

import contextlib
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse

from tests.test_translations import _entries

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Visible text nodes and the labels of buttons, trimmed.
TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, svg, textarea, select, [hidden]")) continue;
    const text = node.textContent.trim();
    if (text) texts.push(text);
  }
  document.querySelectorAll("input[type=submit], input[type=button]").forEach(b => texts.push(b.value));
  return texts;
}"""


def english_strings() -> tuple[set[str], list[str]]:
    """The catalogue's English texts that French changes: single words are matched as a whole
    text, phrases anywhere in one. Texts with placeholders cannot appear as they are."""
    words, phrases = set(), []
    for msgid, texts in _entries():
        if not texts or "%" in msgid or "{" in msgid or not re.search(r"[A-Za-z]{3}", msgid):
            continue
        if all(text == msgid for text in texts):
            continue  # the same word in both languages ("Public", "Description")
        if " " in msgid.strip():
            phrases.append(msgid.strip().casefold())
        else:
            words.add(msgid.strip().rstrip(".:").casefold())
    return words, phrases


def admin_pages() -> list[str]:
    pages = ["/admin/"]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        with contextlib.suppress(NoReverseMatch):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            )
    return pages


def english_on(
    texts: list[str], words: set[str], phrases: list[str], names: frozenset[str] = frozenset()
) -> list[str]:
    found = []
    for text in texts:
        folded = text.casefold()
        if any(name in folded for name in names):
            continue  # data, not interface: "Institut Mines-Télécom Business School"
        if folded.rstrip(".:").strip() in words or any(p in folded for p in phrases):
            found.append(text[:120])
    return found


def test_every_admin_page_is_in_french(site, browser):
    from press import services
    from rankings.models import Edition
    from schools.models import Group, School

    services.generate_drafts(
        group=Group.objects.get(slug="imt"),
        edition=Edition.objects.get(year=2021),
        languages=["en", "fr"],
        user=None,
    )
    User.objects.create_superuser("admin-fr", "fr@example.org", "a-long-password-1")
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "admin-fr")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    words, phrases = english_strings()
    names = frozenset(name.casefold() for name in School.objects.values_list("name", flat=True))
    found, evolution = {}, []
    for path in admin_pages():
        response = page.goto(site + path)
        if response.status == 403 and path.endswith("/add/"):
            continue  # added by the site only (background imports, task results)
        assert response.ok, path
        assert page.get_attribute("html", "lang") == "fr", path
        texts = page.evaluate(TEXTS)
        if english := english_on(texts, words, phrases, names):
            found[path] = english
        if any(text == "Évolution" for text in texts):
            evolution.append(path)
    context.close()
    assert found == {}
    assert evolution == []
