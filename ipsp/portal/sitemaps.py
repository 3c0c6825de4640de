from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ipsp.portal.urls import STATIC_PAGES


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self) -> list[str]:
        return STATIC_PAGES

    def location(self, item: str) -> str:
        return reverse(f"portal:{item}")
