"""The demo data with HTML and JavaScript planted in every text a visitor can see.

Each payload, if it ever ran, would set `window.pwned` or open a dialog; the browser test
checks neither happens, the server tests check every page carries it as text.
"""

from press import services
from press.models import EditorialBlock
from rankings.models import Edition
from schools.models import Group, KeyFigure, PressContact, School

MARK = "window.pwned=1"
SCRIPT = f"<script>{MARK};alert(1)</script>"
PAYLOAD = (
    f'Evil "><script>{MARK};alert(1)</script><img src=x onerror="{MARK};alert(1)">'
    f"<svg onload={MARK}></script><!--"
)
# What must never appear in an HTML page: the payload's tags, live.
LIVE_MARKUP = ("<script>window.pwned", "<img src=x onerror", "<svg onload")


def poison_the_demo() -> dict:
    """Plant payloads in names, texts and a release (the demo data must be loaded)."""
    school = School.objects.get(slug="imt-atlantique")
    school.name = f"IMT Atlantique {PAYLOAD}"
    school.short_name = "IMT <b>A</b>"
    school.save()
    group = Group.objects.get(slug="imt")
    group.about_en = group.about_fr = f"About {PAYLOAD}"
    group.save()
    KeyFigure.objects.filter(group=group).update(label_en=f"students {SCRIPT}")
    contact = PressContact.objects.filter(group=group).first()
    contact.name = f"Séverine {SCRIPT}\r\nEMAIL:attacker@example.org"
    contact.role_en = contact.role_fr = f"Press officer {PAYLOAD}"
    contact.save()
    edition = Edition.objects.get(year=2021)
    releases = {}
    for language in ("en", "fr"):
        release = services.generate_draft(
            group=group, edition=edition, language=language, user=None
        )
        release.title = f"{release.title} </script><script>{MARK}</script>"
        release.save()
        EditorialBlock.objects.create(
            release=release,
            heading=f"Heading {SCRIPT}",
            html=(
                f'<p>Fine <a href="javascript:{MARK}">link</a>'
                f'<img src=x onerror="{MARK}"><script>{MARK}</script></p>'
            ),
        )
        releases[language] = services.publish(release=release, user=None)
    return {"school": school, "group": group, "contact": contact, "releases": releases}
