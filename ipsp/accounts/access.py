"""Who may reach a page: decorators for staff pages and contributors' pages.

Other packages protect their staff pages with ``staff_required`` or
``role_required(roles.SECRETARIAT)``: both send a person whose role needs a second
factor to enrol or verify it before anything else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from ipsp.accounts import roles
from ipsp.accounts.models import User
from ipsp.accounts.services import is_staff_member, second_factor_missing, user_roles

View = Callable[..., HttpResponse]


def _staff_gate(request: HttpRequest) -> HttpResponse | None:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:staff_sign_in"))
    if not is_staff_member(user):
        raise PermissionDenied
    if second_factor_missing(user):
        query = urlencode({"next": request.get_full_path()})
        return redirect(reverse("accounts:two_factor") + "?" + query)
    return None


def staff_required(view: View) -> View:
    """Signed in with a password, with the second factor if the role needs one."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _staff_gate(request) or view(request, *args, **kwargs)

    return wrapped


def role_required(*wanted: str) -> Callable[[View], View]:
    """Staff of one of these roles (administrators and superusers always pass)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refused = _staff_gate(request)
            if refused is not None:
                return refused
            user = request.user
            held = user_roles(user)
            if not (user.is_superuser or roles.ADMIN in held or held & set(wanted)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def is_contributor(user: object) -> bool:
    """A person signed in with an access token (staff never hold one)."""
    return (
        isinstance(user, User)
        and user.is_active
        and roles.CONTRIBUTOR in user_roles(user)
        and not is_staff_member(user)
    )


def contributor_required(view: View) -> View:
    """Signed in with an access token; visitors are sent to the token sign-in page."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:token_sign_in"))
        if not is_contributor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
