from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ipsp.taxonomy import queries


class TermSitemap(Sitemap):
    """The taxonomy index and every active term's page, in every language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    priority = 0.4

    def items(self) -> list[tuple[str, str]]:
        return [("", ""), *queries.term_sitemap_items()]

    def location(self, item: tuple[str, str]) -> str:
        vocabulary, code = item
        if not vocabulary:
            return reverse("taxonomy:index")
        return reverse("taxonomy:term", args=[vocabulary, code])
