"""Reading public pages in tests."""

import json
import re


def jsonld(response) -> list[dict]:
    """The JSON-LD blocks of a page, parsed."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


def proxy_seconds(response) -> tuple[int, int]:
    """How long a shared proxy may keep the page (s-maxage), then serve it while refreshing it
    (stale-while-revalidate)."""
    parts = dict(
        part.strip().split("=", 1) for part in response["Cache-Control"].split(",") if "=" in part
    )
    return int(parts["s-maxage"]), int(parts["stale-while-revalidate"])
