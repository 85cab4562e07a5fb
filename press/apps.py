from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Press room")

    def ready(self) -> None:
        from common.models import strip_bidi_controls_on_save
        from common.pagecache import register_clock

        from .models import PressRelease

        strip_bidi_controls_on_save(self)
        # A scheduled release appears by itself at its embargo: no proxy keeps a press page
        # past that moment (common.pagecache.shared_cache).
        register_clock(PressRelease, "embargo_until", lambda: PressRelease.objects.next_embargo())
