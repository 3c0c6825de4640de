"""Unsubscribe links: a signed token naming an address hash and a category.

The token carries no address (links end up in logs), only the hash the
``Suppression`` rows are keyed by. It does not expire: RFC 8058 asks that a
one-click link keep working, and an old digest must still let its reader leave.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core import signing

from ipsp.notifications.models import Category, Suppression

SALT = "ipsp.notifications.unsubscribe"
# Fixed, not the SECRET_KEY: rotating the key must not resubscribe anyone.
HASH_PREFIX = "ipsp-unsubscribe:"


def address_hash(address: str) -> str:
    normalised = address.strip().lower()
    return hashlib.sha256((HASH_PREFIX + normalised).encode()).hexdigest()


@dataclass(frozen=True)
class UnsubscribeRequest:
    address_hash: str
    category: str


def unsubscribe_token(address: str, category: str) -> str:
    return signing.dumps({"h": address_hash(address), "c": category}, salt=SALT)


def unsubscribe_token_read(token: str) -> UnsubscribeRequest | None:
    """The request a token stands for, or None when it is forged, damaged or not ours."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    hashed, category = data.get("h"), data.get("c")
    unsubscribable = set(Category.values) - {Category.TRANSACTIONAL}
    if not isinstance(hashed, str) or len(hashed) != 64 or category not in unsubscribable:
        return None
    return UnsubscribeRequest(address_hash=hashed, category=str(category))


def is_suppressed(address: str, category: str) -> bool:
    if category == Category.TRANSACTIONAL:
        return False
    return Suppression.objects.filter(
        address_hash=address_hash(address), category=category
    ).exists()
