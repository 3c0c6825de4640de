from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict[str, object]:
    """Site-wide values: the language switcher's links point at this same page."""
    path = request.get_full_path()
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if code != current and url == path:
            # A page that does not resolve (a 404) has no twin: offer that language's home.
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"SITE_URL": settings.SITE_URL, "language_links": links}
