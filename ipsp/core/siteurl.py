"""Absolute addresses of our own pages, in a given language (for emails and links sent out)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def known_language(code: str) -> str:
    """``code`` if it is one of the interface languages, else the default language."""
    known = {code for code, _name in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def site_url(url_name: str, language: str, **kwargs: str) -> str:
    """An absolute address of one of our pages, in the given language."""
    with translation.override(known_language(language)):
        return settings.SITE_URL + reverse(url_name, kwargs=kwargs or None)
