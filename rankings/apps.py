from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "rankings"
    verbose_name = _("Rankings and results")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from common.models import strip_bidi_controls_on_save
        from common.pagecache import clock_changed, empty_pages_on_change, register_clock

        from .models import Edition

        # A background import's progress is for the admin only.
        empty_pages_on_change(self, private={"importjob"})
        # An edition appears on the public pages by itself at its publication moment.
        register_clock(lambda: Edition.objects.next_publication())
        post_save.connect(
            lambda instance, **kwargs: clock_changed(instance.published_at),
            sender=Edition,
            weak=False,
            dispatch_uid="pagecache:clock",
        )
        strip_bidi_controls_on_save(self)
