from django.urls import include, path

from ipsp.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.page, {"template": "portal/about.html"}, name="about"),
    path("privacy/", views.page, {"template": "portal/privacy.html"}, name="privacy"),
    path("terms/", views.page, {"template": "portal/terms.html"}, name="terms"),
    path("open-data/", views.page, {"template": "portal/open_data.html"}, name="open_data"),
    path(
        "code-of-ethics/",
        views.page,
        {"template": "portal/code_of_ethics.html"},
        name="code_of_ethics",
    ),
    # Topic pages, collections and bookmarks (urls_topics.py).
    path("", include("ipsp.portal.urls_topics")),
]

# The pages above that appear in the sitemap, in every language.
STATIC_PAGES = ["home", "about", "privacy", "terms", "open_data", "code_of_ethics"]
