from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "ipsp.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from ipsp.core.sitemaps import register
        from ipsp.portal.sitemaps import StaticPagesSitemap

        register("pages", StaticPagesSitemap)

        from ipsp.portal.setup import topics_register

        topics_register()
