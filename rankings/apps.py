from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "rankings"
    verbose_name = _("Rankings and results")

    def ready(self) -> None:
        from common.pagecache import empty_pages_on_change

        # A background import's progress is for the admin only.
        empty_pages_on_change(self, private={"importjob"})
