"""The sitemap lists every public page in every language.

Packages register their sitemaps here with ``register``; each is built with
``i18n=True`` and ``alternates=True`` so each language version is a URL of its own
linked to its siblings (hreflang).
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

sitemaps: dict[str, type[Sitemap] | Sitemap] = {}


def register(name: str, sitemap: type[Sitemap] | Sitemap) -> None:
    sitemaps[name] = sitemap
