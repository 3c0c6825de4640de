"""The sitemap of published actors: one URL per language, linked by hreflang.

Only addresses and dates: nothing of an actor's content (public or not) is listed.
"""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from ipsp.actors.models import Actor
from ipsp.actors.queries import actors_for_sitemap, last_modified


class ActorSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    limit = 2000

    def items(self) -> QuerySet[Actor]:
        return actors_for_sitemap()

    def location(self, item: Actor) -> str:
        return reverse("actors:detail", kwargs={"public_id": item.public_id})

    def lastmod(self, item: Actor) -> datetime.datetime | None:
        return last_modified(item)
