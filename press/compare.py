"""Two versions of a release's text compared field by field: the title, each paragraph, the
"About" paragraph, each editorial block, with the changed words marked (as Wagtail's
revisions comparison does, with the standard library's difflib on words)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .models import EditorialBlock

_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its label in the editor's language, and both versions with the
    words that changed marked (<del> in the old one, <ins> in the new one)."""

    label: str
    before: SafeString
    after: SafeString

    @property
    def added(self) -> bool:
        return not self.before

    @property
    def removed(self) -> bool:
        return not self.after


def word_diff(before: str, after: str) -> tuple[SafeString, SafeString]:
    """Both texts, escaped, with the words only one of them has marked."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pieces: list[list] = []  # [changed, old text, new text]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        changed = tag != "equal"
        # A space the two texts share between two changes belongs to the change: "has moved
        # up" replaced by "climbs" reads as one replacement, not three.
        if not changed and not removed.strip() and pieces and pieces[-1][0]:
            changed = True
        if pieces and pieces[-1][0] == changed:
            pieces[-1][1] += removed
            pieces[-1][2] += added
        else:
            pieces.append([changed, removed, added])
    old_html, new_html = [], []
    for index, (changed, removed, added) in enumerate(pieces):
        if not changed:
            old_html.append(escape(removed))
            new_html.append(escape(added))
            continue
        # Give back trailing spaces absorbed above when no change follows them.
        tail = ""
        if index + 1 == len(pieces) or not pieces[index + 1][0]:
            stripped_old, stripped_new = removed.rstrip(), added.rstrip()
            common = min(len(removed) - len(stripped_old), len(added) - len(stripped_new))
            if common:
                tail, removed, added = removed[-common:], removed[:-common], added[:-common]
        if removed:
            old_html.append(f"<del>{escape(removed)}</del>")
        if added:
            new_html.append(f"<ins>{escape(added)}</ins>")
        old_html.append(escape(tail))
        new_html.append(escape(tail))
    # safe: every piece of text was escaped above; only <del> and <ins> are added.
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))


def paragraphs(body: str) -> list[str]:
    return [chunk.strip() for chunk in body.replace("\r\n", "\n").split("\n\n") if chunk.strip()]


def _change(label: str, before: str, after: str) -> FieldChange:
    old, new = word_diff(before, after)
    return FieldChange(label, old, new)


def _paragraph_changes(before: list[str], after: list[str]) -> list[FieldChange]:
    """Paragraphs matched by content, so that one inserted paragraph shows as one addition,
    not as every later paragraph changed."""
    changes = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = before[i1:i2], after[j1:j2]
        for offset in range(max(len(old), len(new))):
            number = (j1 if offset < len(new) else i1) + offset + 1
            label = gettext("Paragraph %(number)s") % {"number": number}
            changes.append(
                _change(
                    label,
                    old[offset] if offset < len(old) else "",
                    new[offset] if offset < len(new) else "",
                )
            )
    return changes


def block_label(block: dict, number: int) -> str:
    positions = dict(EditorialBlock.Position.choices)
    return gettext("Editorial block %(number)s (%(position)s)") % {
        "number": number,
        "position": positions.get(block.get("position"), block.get("position", "")),
    }


def _block_text(block: dict) -> str:
    return "\n".join(part for part in (block.get("heading", ""), block.get("html", "")) if part)


def compare_content(before: dict | None, after: dict) -> list[FieldChange]:
    """What changed from one stored text (Revision.content, PressRelease.content()) to
    another; every field if there is no before."""
    before = before or {}
    changes = []
    if before.get("title", "") != after.get("title", ""):
        changes.append(_change(gettext("Title"), before.get("title", ""), after["title"]))
    changes += _paragraph_changes(
        paragraphs(before.get("body", "")), paragraphs(after.get("body", ""))
    )
    if before.get("about", "") != after.get("about", ""):
        changes.append(
            _change(gettext("About paragraph"), before.get("about", ""), after.get("about", ""))
        )
    old_blocks, new_blocks = before.get("blocks", []), after.get("blocks", [])
    for index in range(max(len(old_blocks), len(new_blocks))):
        old = old_blocks[index] if index < len(old_blocks) else {}
        new = new_blocks[index] if index < len(new_blocks) else {}
        if old == new:
            continue
        label = block_label(new or old, index + 1)
        old_text, new_text = _block_text(old), _block_text(new)
        if old_text == new_text:  # moved, not rewritten
            old_text = str(block_label(old, index + 1)) if old else ""
            new_text = str(block_label(new, index + 1)) if new else ""
        changes.append(_change(label, old_text, new_text))
    return changes
