"""Every public page lives under a language prefix (/en/, /ar/, /zh-hans/ ...)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, register_converter
from django.views.decorators.cache import cache_page

from ipsp.core import views as core_views
from ipsp.core.sitemaps import sitemaps
from ipsp.core.urlconverters import PublicIdConverter

register_converter(PublicIdConverter, "pid")

urlpatterns = [
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    # An index of one sitemap per section (pages, taxonomy, initiatives, ...), each
    # cached: crawlers fetch the sections they need rather than one huge file.
    path(
        "sitemap.xml",
        cache_page(60 * 15)(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(60 * 15)(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("ipsp.portal.urls")),
    path("", include("ipsp.accounts.urls")),
    path("taxonomy/", include("ipsp.taxonomy.urls")),
    path("initiatives/", include("ipsp.initiatives.urls")),
    path("", include("ipsp.reviews.urls")),  # before actors: /actors/rising/
    path("actors/", include("ipsp.actors.urls")),
    path("search/", include("ipsp.search.urls")),
    path("messages/", include("ipsp.community.urls")),
    path("", include("ipsp.notifications.urls")),
    path("", include("ipsp.verification.urls")),
    prefix_default_language=True,
)
