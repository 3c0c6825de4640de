"""Rate limits per network, per access token and per email address.

Addresses and emails are never stored: only ``HMAC(SECRET_KEY, value)``, and the
events are deleted after 24 hours at the latest (``purge_rate_events``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from ipsp.verification import conf
from ipsp.verification.models import RateEvent
from ipsp.verification.types import RateLimited, Submission

KEEP = timedelta(hours=24)


def _keyed_hash(kind: str, value: str) -> str:
    key = f"ipsp.verification.{kind}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def network_of(address: str) -> str:
    """The network an address belongs to: the address for IPv4, its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def network_hash(request_or_address: HttpRequest | str) -> str:
    """The keyed hash of the client's network; the address itself is never kept."""
    if isinstance(request_or_address, str):
        address = request_or_address
    else:
        # REMOTE_ADDR is the proxy's address behind a proxy; the deployment sets it right
        # (e.g. gunicorn --forwarded-allow-ips), we do not trust X-Forwarded-For here.
        address = request_or_address.META.get("REMOTE_ADDR", "")
    network = network_of(address)
    return _keyed_hash("network", network) if network else ""


def email_hash(email: str | None) -> str:
    email = (email or "").strip().casefold()
    return _keyed_hash("email", email) if email else ""


def humanise(delta: timedelta) -> str:
    """'1 hour, 5 minutes' in the active language, rounded up to the minute."""
    minutes = max(1, math.ceil(delta.total_seconds() / 60))
    now = timezone.now()
    return timeuntil(now + timedelta(minutes=minutes), now, depth=2)


def _message(scope: str, wait: str) -> str:
    if scope == "token":
        return _(
            "You have sent many submissions with this access token. "
            "Please try again in %(duration)s."
        ) % {"duration": wait}
    if scope == "email":
        return _(
            "Many submissions were sent with this email address. Please try again in %(duration)s."
        ) % {"duration": wait}
    return _("Many submissions came from your network. Please try again in %(duration)s.") % {
        "duration": wait
    }


def _keys(submission: Submission) -> list[tuple[str, str]]:
    keys = [("network", submission.network_hash)]
    if submission.token_id is not None:
        keys.append(("token", _keyed_hash("token", str(submission.token_id))))
    keys.append(("email", submission.email_hash))
    return [(scope, key) for scope, key in keys if key]


def rate_limit_check(submission: Submission, *, now: datetime | None = None) -> None:
    """Raise RateLimited with a 'try again in …' message when a limit is reached."""
    now = now or timezone.now()
    limits = conf.get("RATE_LIMITS")
    for scope, key in _keys(submission):
        count, seconds = limits[scope]
        window = timedelta(seconds=min(int(seconds), int(KEEP.total_seconds())))
        recent = RateEvent.objects.filter(scope=scope, key=key, created_at__gt=now - window)
        used = recent.count()
        if used >= int(count):
            # the oldest events leave the window first; one slot frees when the
            # (used - count + 1)th oldest one does
            oldest = list(recent.order_by("created_at").values_list("created_at", flat=True))
            frees_at = oldest[used - int(count)] + window
            retry_after = max(frees_at - now, timedelta(seconds=1))
            raise RateLimited(
                _message(scope, humanise(retry_after)),
                code=f"rate_{scope}",
                scope=scope,
                retry_after=retry_after,
            )


def rate_limit_record(submission: Submission, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    RateEvent.objects.bulk_create(
        [RateEvent(scope=scope, key=key, created_at=now) for scope, key in _keys(submission)]
    )


def purge_rate_events(*, now: datetime | None = None) -> int:
    deleted, _count = RateEvent.objects.filter(
        created_at__lt=(now or timezone.now()) - KEEP
    ).delete()
    return deleted
