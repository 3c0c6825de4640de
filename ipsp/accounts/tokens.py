"""Contributor access tokens: issue, authenticate, rotate, revoke.

A token looks like ``ipsp-<43 url-safe characters>`` (256 bits). Whoever holds
it is the contributor; there is no password, name or email behind it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.backends import BaseBackend
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from ipsp.accounts import roles
from ipsp.accounts.models import AccessToken, User

PREFIX = "ipsp-"


@dataclass(frozen=True)
class IssuedToken:
    """The only moment the raw token exists on the server: show it, mail it, forget it."""

    raw: str
    token: AccessToken


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.strip().encode()).hexdigest()


def _new_raw() -> str:
    return PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def contributor_create(*, language: str = "en") -> User:
    from django.contrib.auth.models import Group

    user = User.objects.create_user(email=None, password=None, language=language)
    user.groups.add(Group.objects.get_or_create(name=roles.CONTRIBUTOR)[0])
    return user


@transaction.atomic
def token_issue(*, user: User) -> IssuedToken:
    raw = _new_raw()
    token = AccessToken.objects.create(user=user, token_hash=_hash(raw), hint=raw[-4:])
    return IssuedToken(raw=raw, token=token)


def token_authenticate(raw: str) -> User | None:
    """The contributor holding this token, or None for unknown, revoked or malformed tokens."""
    if not raw or not raw.strip().startswith(PREFIX) or len(raw.strip()) > 100:
        return None
    token = (
        AccessToken.objects.usable().select_related("user").filter(token_hash=_hash(raw)).first()
    )
    if token is None:
        return None
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def token_revoke(*, token: AccessToken, reason: str = "revoked") -> None:
    AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )


@transaction.atomic
def token_rotate(*, user: User) -> IssuedToken:
    """Revoke every usable token of the user and issue a new one."""
    AccessToken.objects.usable().filter(user=user).update(
        revoked_at=timezone.now(), revoked_reason="rotated"
    )
    return token_issue(user=user)


class AccessTokenBackend(BaseBackend):
    """``authenticate(request, access_token=...)`` for contributors."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, access_token: str | None = None, **kwargs: object
    ) -> User | None:
        if access_token is None:
            return None
        return token_authenticate(access_token)

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
