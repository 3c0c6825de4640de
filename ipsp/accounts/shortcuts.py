"""Showing a new access token once, for any package that issues one.

The raw token lives only in the response that shows it. The page holds it in a
hidden field of a small form; posting that form to ``accounts:token_download``
returns it as ``ipsp-access-token.txt``. Nothing is stored to make the download
work, and no secret ever appears in a URL.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from ipsp.core import formtokens


def no_store(response: HttpResponse) -> HttpResponse:
    """Keep a page that shows a secret out of every cache and the browser's history store."""
    patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
    return response


def token_once_context(raw: str, *, emailed: bool, signed_in: bool = False) -> dict[str, object]:
    """What ``accounts/_token_once.html`` needs, under the name ``token_once``."""
    return {
        "token_once": {
            "raw": raw,
            "emailed": emailed,
            "signed_in": signed_in,
            "sign_in_form_token": formtokens.issue("token_sign_in"),
        }
    }


def render_token_once(
    request: HttpRequest,
    raw: str,
    *,
    emailed: bool,
    signed_in: bool = False,
    template: str = "accounts/token_once.html",
    context: dict[str, object] | None = None,
) -> HttpResponse:
    """Render a page that includes ``accounts/_token_once.html``, never cached."""
    full = {**(context or {}), **token_once_context(raw, emailed=emailed, signed_in=signed_in)}
    return no_store(render(request, template, full))
