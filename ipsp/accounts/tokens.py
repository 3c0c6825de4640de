"""Contributor access tokens: issue, authenticate, rotate, revoke.

A token looks like ``ipsp-<43 url-safe characters>`` (256 bits). Whoever holds
it is the contributor; there is no password, name or email behind it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.backends import BaseBackend
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from ipsp.accounts import roles
from ipsp.accounts.models import AccessToken, User

PREFIX = "ipsp-"
# 32 random bytes in url-safe base64 without padding are exactly 43 characters.
WELL_FORMED = re.compile(r"ipsp-[A-Za-z0-9_-]{43}")
MAX_FILE_BYTES = 4096
FILE_NAME = "ipsp-access-token.txt"
RECOVERY_SALT = "ipsp.accounts.tokens.recovery"
RECOVERY_MAX_AGE = timedelta(hours=1)


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


def token_is_well_formed(raw: str) -> bool:
    return bool(raw) and WELL_FORMED.fullmatch(raw.strip()) is not None


def token_authenticate(raw: str) -> User | None:
    """The contributor holding this token, or None for unknown, revoked or malformed tokens."""
    if not token_is_well_formed(raw):
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


def token_file_text(raw: str) -> str:
    """The small text file a contributor keeps; ``token_from_file`` reads it back."""
    lines = [
        _("International Platform for Social Progress: your access token"),
        "",
        raw,
        "",
        _("Keep this file private: whoever holds the token can edit your entries."),
        _("To sign in, paste the token or upload this file on the page “Sign in to my entries”."),
        "",
    ]
    return "\n".join(lines)


def token_from_file(content: bytes) -> str:
    """The token in an uploaded file, or "" when there is not exactly one well-formed token."""
    if len(content) > MAX_FILE_BYTES:
        return ""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""
    found = {line.strip() for line in text.splitlines() if line.strip().startswith(PREFIX)}
    if len(found) != 1:
        return ""
    return found.pop()


def user_tokens(user: User) -> list[AccessToken]:
    return list(AccessToken.objects.usable().filter(user=user).order_by("-created_at"))


def _recovery_state(user: User) -> str:
    """Changes whenever a token is issued or revoked, or the contact email changes.

    Signing it into the recovery link makes the link single-use: using it issues a
    new token, so the state it was made for no longer exists.
    """
    newest = AccessToken.objects.filter(user=user).order_by("-pk").first()
    state = "none" if newest is None else f"{newest.pk}:{newest.revoked_at}"
    value = f"{user.pk}|{state}|{user.contact_email.lower()}|{user.is_active}"
    return salted_hmac(RECOVERY_SALT, value).hexdigest()[:32]


def recovery_value_make(user: User) -> str:
    """The secret part of a lost-token link: signed, valid one hour, usable once."""
    return signing.dumps({"u": user.public_id, "s": _recovery_state(user)}, salt=RECOVERY_SALT)


def recovery_user(value: str) -> User | None:
    """The contributor a recovery link is for, or None for an expired, used or forged one."""
    try:
        data = signing.loads(value, salt=RECOVERY_SALT, max_age=RECOVERY_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(public_id=str(data.get("u", "")), is_active=True).first()
    if user is None or not constant_time_compare(str(data.get("s", "")), _recovery_state(user)):
        return None
    return user


@transaction.atomic
def token_recover(*, value: str) -> IssuedToken | None:
    """Use a recovery link: revoke the lost token and issue a new one, once."""
    user = recovery_user(value)
    if user is None:
        return None
    # Lock the person, then check again: of two concurrent uses only one succeeds.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if recovery_user(value) is None:
        return None
    return token_rotate(user=user)


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
