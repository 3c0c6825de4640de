"""Writes and rules of the accounts package."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import authenticate, login
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login

from ipsp.accounts import roles
from ipsp.accounts.models import User


@dataclass(frozen=True)
class DomainError:
    field: str | None
    message: str | Promise


def requires_second_factor(user: User) -> bool:
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=roles.SECOND_FACTOR_REQUIRED).exists()


def staff_sign_in(
    request: HttpRequest, *, email: str, password: str, otp_token: str
) -> DomainError | None:
    """Sign in with password and, where a device is confirmed, the second factor."""
    user = authenticate(request, email=email, password=password)
    refused = DomainError(None, _("The email address, password or code is not right."))
    if user is None or not isinstance(user, User):
        return refused
    has_device = any(True for _device in devices_for_user(user, confirmed=True))
    if has_device:
        device = match_token(user, otp_token.strip()) if otp_token else None
        if device is None:
            return refused
        login(request, user)
        otp_login(request, device)
        return None
    login(request, user)
    return None


def after_sign_in_url(user: object) -> str:
    if isinstance(user, User) and requires_second_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
        return reverse("accounts:staff_sign_in")
    return reverse("portal:home")
