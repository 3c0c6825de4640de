"""The sitemap of published initiatives: one URL per language, linked by hreflang."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from ipsp.initiatives.models import Initiative
from ipsp.initiatives.public_queries import initiatives_for_sitemap, last_modified


class InitiativeSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    limit = 2000  # 11 languages per initiative: about 22,000 addresses per sitemap page

    def items(self) -> QuerySet[Initiative]:
        return initiatives_for_sitemap()

    def location(self, item: Initiative) -> str:
        return reverse("initiatives:detail", kwargs={"public_id": item.public_id})

    def lastmod(self, item: Initiative) -> datetime.datetime | None:
        return last_modified(item)
