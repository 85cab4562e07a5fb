from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Press room")

    def ready(self) -> None:
        from common.models import strip_bidi_controls_on_save

        strip_bidi_controls_on_save(self)
