from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language


def _same_page_rest(request: HttpRequest, path: str, prefix: str) -> str | None:
    """This page's address after its language prefix, as ``translate_url`` would write it
    (arguments normalised by the URL converters, the query string kept), or None when the
    page did not resolve to a named pattern under the prefix.

    Every public page lives under its language's prefix and no URL pattern is translated
    (ipsp/urls.py), so the page's twin in another language is the same address with the
    prefix swapped: one reverse with the match the request already has, instead of one
    resolve and one reverse per language (11 of each)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name or request.path != request.path_info:
        return None
    try:
        canonical = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return None
    if not canonical.startswith(prefix):
        return None  # not an i18n-prefixed pattern
    parts = urlsplit(path)
    rest = canonical[len(prefix) :]
    if parts.query:
        rest += "?" + parts.query
    if parts.fragment:
        rest += "#" + parts.fragment
    return rest


def site(request: HttpRequest) -> dict[str, object]:
    """Site-wide values: the language switcher's links point at this same page."""
    path = request.get_full_path()
    current = get_language()
    rest = _same_page_rest(request, path, f"/{current}/")
    links = []
    for code, name in settings.LANGUAGES:
        if rest is not None:
            url = f"/{code}/{rest}"
        else:
            url = translate_url(path, code)
            if code != current and url == path:
                # A page that does not resolve (a 404) has no twin: that language's home.
                url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"SITE_URL": settings.SITE_URL, "language_links": links}
