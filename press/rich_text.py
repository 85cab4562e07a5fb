"""What the editorial blocks' rich-text editor (Trix) writes, in the tags the public page keeps.

Trix writes its paragraphs as <div>, its heading as <h1> unless configured (the admin's script
asks for <h3>), code as <pre> and strike-through as <del>. They become <p>, <h3>, <p> and plain
text before sanitising, so the editor is not told that their paragraphs were "removed".
"""

from __future__ import annotations

import re

_RENAMED = {"div": "p", "h1": "h3", "pre": "p"}
_TAG = re.compile(r"<(/?)(div|h1|pre|del)\b[^>]*>", re.IGNORECASE)
# Trix marks its blocks with <!--block-->, which sanitising drops anyway.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# An empty line typed in the editor: <div><br></div>.
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br\s*/?>)*</p>", re.IGNORECASE)


def _rename(match: re.Match) -> str:
    name = match[2].lower()
    return f"<{match[1]}{_RENAMED[name]}>" if name in _RENAMED else ""


def from_editor(html: str) -> str:
    html = _TAG.sub(_rename, _COMMENT.sub("", html))
    return _EMPTY_PARAGRAPH.sub("", html).strip()
