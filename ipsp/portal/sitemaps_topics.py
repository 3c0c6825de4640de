"""Sitemaps of the published topic pages and collections, one URL per language."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from ipsp.portal.models import Collection, TopicPage
from ipsp.portal.topics import topic_url


class TopicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    limit = 2000

    def items(self) -> QuerySet[TopicPage]:
        return TopicPage.objects.published().only("public_id", "slug", "updated_at").order_by("pk")

    def location(self, item: TopicPage) -> str:
        return topic_url(item.public_id, item.slug or "-")

    def lastmod(self, item: TopicPage) -> datetime.datetime | None:
        return item.updated_at


class CollectionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    limit = 2000

    def items(self) -> QuerySet[Collection]:
        return Collection.objects.published().only("public_id", "updated_at").order_by("pk")

    def location(self, item: Collection) -> str:
        return reverse("portal:collection_detail", kwargs={"public_id": item.public_id})

    def lastmod(self, item: Collection) -> datetime.datetime | None:
        return item.updated_at
