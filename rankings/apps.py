from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "rankings"
    verbose_name = _("Rankings and results")

    def ready(self) -> None:
        from common.models import strip_bidi_controls_on_save
        from common.pagecache import empty_pages_on_change, register_clock

        from .models import Edition

        # A background import's progress is for the admin only.
        empty_pages_on_change(self, private={"importjob"})
        # An edition appears on the public pages by itself at its publication moment.
        register_clock(Edition, "published_at", lambda: Edition.objects.next_publication())
        strip_bidi_controls_on_save(self)
