"""The French catalogue: every entry translated, and French typography before : ; ! ?."""

import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _entries() -> list[tuple[str, list[str]]]:
    """(msgid, msgstr texts) of each live entry: no header, no obsolete (#~) entry. A fuzzy
    entry (makemessages' guess, which compilemessages leaves out) has no text."""
    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if match := re.match(r'^(msgid|msgid_plural|msgctxt|msgstr(?:\[\d\])?) "(.*)"$', line):
                current = match[1]
                fields[current] = match[2]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            texts = [v for k, v in fields.items() if k.startswith("msgstr")]
            entries.append((fields["msgid"], [] if fuzzy else texts))
    return entries


def test_every_entry_of_the_french_catalogue_is_translated():
    entries = _entries()

    assert len(entries) > 500  # the parser read the file
    assert [msgid for msgid, texts in entries if not texts or not all(texts)] == []


def test_french_puts_a_no_break_space_before_colons_and_semicolons():
    # "Rien n’a été importé : …" with an ordinary space may end a line before the colon.
    assert [
        text for _msgid, texts in _entries() for text in texts if re.search(r"[\w)»%] [:;]", text)
    ] == []
