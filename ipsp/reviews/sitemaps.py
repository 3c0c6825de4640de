"""The rising actors page in the sitemap: one address per language."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class ReviewsSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["reviews:rising"]

    def location(self, item: str) -> str:
        return reverse(item)
