"""Counting failed sign-ins, per email address or per network address.

A fixed window per key: after ``limit`` failures within ``window`` the key is
refused until the window ends. Keys are kept only as an HMAC with SECRET_KEY,
and no row outlives ``RETENTION`` (one day).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ipsp.accounts.models import SignInThrottle

RETENTION = timedelta(hours=24)


@dataclass(frozen=True)
class Rule:
    scope: str
    limit: int
    window: timedelta


STAFF_EMAIL = Rule("staff_email", limit=5, window=timedelta(minutes=15))
TOKEN_ADDRESS = Rule("token_address", limit=10, window=timedelta(minutes=15))
RECOVERY_EMAIL = Rule("recovery_email", limit=3, window=timedelta(hours=1))
RECOVERY_ADDRESS = Rule("recovery_address", limit=10, window=timedelta(hours=1))


def key_hash(rule: Rule, key: str) -> str:
    return salted_hmac("ipsp.accounts.throttle." + rule.scope, key.strip().lower()).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The network address that sent the request (the proxy sets REMOTE_ADDR behind TLS)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def purge_expired() -> int:
    deleted, _count = SignInThrottle.objects.filter(
        window_start__lt=timezone.now() - RETENTION
    ).delete()
    return deleted


def minutes_left(rule: Rule, key: str) -> int:
    """0 when the key may try again, else the whole minutes until it may."""
    now = timezone.now()
    row = SignInThrottle.objects.filter(
        scope=rule.scope, key_hash=key_hash(rule, key), window_start__gt=now - rule.window
    ).first()
    if row is None or row.failures < rule.limit:
        return 0
    seconds = (row.window_start + rule.window - now).total_seconds()
    return max(1, math.ceil(seconds / 60))


def record(rule: Rule, key: str) -> None:
    """Count one failure (or, for the recovery rules, one use) of the key."""
    now = timezone.now()
    digest = key_hash(rule, key)
    purge_expired()
    with transaction.atomic():
        fresh = SignInThrottle.objects.filter(
            scope=rule.scope, key_hash=digest, window_start__gt=now - rule.window
        ).update(failures=F("failures") + 1)
        if fresh:
            return
        stale = SignInThrottle.objects.filter(scope=rule.scope, key_hash=digest).update(
            window_start=now, failures=1
        )
        if stale:
            return
        try:
            with transaction.atomic():
                SignInThrottle.objects.create(
                    scope=rule.scope, key_hash=digest, window_start=now, failures=1
                )
        except IntegrityError:  # a concurrent failure created it first
            SignInThrottle.objects.filter(scope=rule.scope, key_hash=digest).update(
                failures=F("failures") + 1
            )


def reset(rule: Rule, key: str) -> None:
    SignInThrottle.objects.filter(scope=rule.scope, key_hash=key_hash(rule, key)).delete()
