from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Press room")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from common.models import strip_bidi_controls_on_save
        from common.pagecache import clock_changed, register_clock

        from .models import PressRelease

        strip_bidi_controls_on_save(self)
        # A scheduled release appears by itself at its embargo: no proxy keeps a press page
        # past that moment (common.pagecache.shared_cache).
        register_clock(lambda: PressRelease.objects.next_embargo())
        post_save.connect(
            lambda instance, **kwargs: clock_changed(instance.embargo_until),
            sender=PressRelease,
            weak=False,
            dispatch_uid="pagecache:clock",
        )
