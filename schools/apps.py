from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools and contacts")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from impactsite.pagecache import content_changed

        # Any saved or deleted schools/rankings object empties the public page cache.
        post_save.connect(content_changed, dispatch_uid="pagecache_post_save")
        post_delete.connect(content_changed, dispatch_uid="pagecache_post_delete")
