"""vCard 3.0 (RFC 2426) cards for press contacts, which phones and address books import."""

from __future__ import annotations

from django.utils import translation

from .models import PhoneNumber, PressContact


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, continuation lines starting with a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def vcard(contact: PressContact) -> str:
    """The contact as a vCard; phones must be prefetched to avoid a query per card."""
    given, _, family = contact.name.rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_escape(contact.name)}",
        f"N:{_escape(family)};{_escape(given)};;;",
    ]
    if contact.organisation:
        lines.append(f"ORG:{_escape(contact.organisation)}")
    if contact.role:
        lines.append(f"TITLE:{_escape(contact.role)}")
    for n, phone in enumerate(contact.phones.all(), start=1):
        kind = "CELL" if phone.kind == PhoneNumber.Kind.MOBILE else "WORK"
        number = phone.tel_uri.removeprefix("tel:")
        if label := phone.label_in(translation.get_language() or "en"):
            # vCard 3.0 types are fixed English words; address books (Apple's, Google's) show
            # a grouped X-ABLabel as the number's label, in the card's language.
            lines.append(f"item{n}.TEL;TYPE={kind},VOICE:{number}")
            lines.append(f"item{n}.X-ABLabel:{_escape(label)}")
        else:
            lines.append(f"TEL;TYPE={kind},VOICE:{number}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{contact.email}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)
