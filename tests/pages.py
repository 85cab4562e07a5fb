"""Reading public pages in tests."""

import json
import re


def jsonld(response) -> list[dict]:
    """The JSON-LD blocks of a page, parsed."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]
