"""One-time links of invitations and third-party validations.

The secret in the link is 32 random bytes (256 bits) in url-safe base64; only its
SHA-256 is stored, so a copy of the database opens nothing. Whether a link is
still usable (single use, expiry) is decided by the state of the row it finds.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{43}")
ADDRESS_SALT = "ipsp.actors.invitations.address"


@dataclass(frozen=True)
class NewSecret:
    raw: str
    hash: str


def secret_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def secret_new() -> NewSecret:
    raw = secrets.token_urlsafe(32)
    return NewSecret(raw=raw, hash=secret_hash(raw))


def secret_is_well_formed(raw: str) -> bool:
    return WELL_FORMED.fullmatch(raw or "") is not None


def address_hashes(email: str) -> list[str]:
    """Keyed hashes of a normalised address: with the signing key, then with each older key
    (``SECRET_KEY_FALLBACKS``), so that rotating the key does not lift a block."""
    value = email.strip().lower()
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        salted_hmac(ADDRESS_SALT, value, secret=key, algorithm="sha256").hexdigest() for key in keys
    ]
