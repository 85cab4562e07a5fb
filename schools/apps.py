from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools and contacts")

    def ready(self) -> None:
        from common.models import strip_bidi_controls_on_save
        from common.pagecache import empty_pages_on_change

        empty_pages_on_change(self)
        strip_bidi_controls_on_save(self)
