"""The words around a release on its pages, in the release's own language.

A release is read in its language whatever the visitor's settings, so these labels are
looked up by the release's language rather than through the active translation.
"""

from .typography import NBSP

LABELS = {
    "en": {
        "press_releases": "Press releases",
        "press_releases_intro": "Our releases on the THE Impact Rankings, written from the data.",
        "no_releases": "No press release has been published yet.",
        "published": "Published",
        "embargo": "Embargoed until",
        "download_pdf": "Download the PDF",
        "print": "Print",
        "feed": "Atom feed",
        "other_language": "Lire en français",
        "other_language_code": "fr",
        "phone": "Phone",
        "email": "E-mail",
        "preview": "Preview — this is how the public will see the release. It is not public yet.",
        "contact_page": "All press contacts",
        "feed_title": "{group} press releases",
        "read": "Read the release",
    },
    "fr": {
        "press_releases": "Communiqués de presse",
        "press_releases_intro": "Nos communiqués sur le classement THE Impact Rankings, "
        "rédigés à partir des données.",
        "no_releases": "Aucun communiqué n’a encore été publié.",
        "published": "Publié le",
        "embargo": f"Sous embargo jusqu’au{NBSP}",
        "download_pdf": "Télécharger le PDF",
        "print": "Imprimer",
        "feed": "Flux Atom",
        "other_language": "Read in English",
        "other_language_code": "en",
        "phone": "Téléphone",
        "email": "Courriel",
        "preview": f"Aperçu{NBSP}: le communiqué tel que le public le verra. "
        "Il n’est pas encore public.",
        "contact_page": "Tous les contacts presse",
        "feed_title": "Communiqués de presse — {group}",
        "read": "Lire le communiqué",
    },
}


def labels(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])
