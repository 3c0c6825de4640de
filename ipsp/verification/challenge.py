"""A proof-of-work challenge solved by the browser (ALTCHA-style, self-hosted).

The server picks a random salt and a secret number up to ``max_number`` and
publishes ``sha256(salt + number)``; the browser (static/verification/pow.js)
tries numbers until the hash matches and puts the number in a hidden field.
The challenge travels signed (Django signing with SECRET_KEY), carries its
issue time (which also gives the form's fill time) and expires; an answered
challenge is recorded until it expires, so it cannot be used twice.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipsp.verification import conf
from ipsp.verification.models import UsedChallenge
from ipsp.verification.types import ChallengeRefused

SALT = "ipsp.verification.challenge"
MAX_CHALLENGE_LENGTH = 600
MAX_SOLUTION_LENGTH = 12


@dataclass(frozen=True)
class Challenge:
    salt: str
    digest: str  # hex SHA-256 of salt + number
    max_number: int
    issued_at: datetime
    signed: str  # what the form carries

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + timedelta(seconds=conf.get("CHALLENGE_TTL_SECONDS"))


def _hash(salt: str, number: int) -> str:
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()


def challenge_issue(*, now: datetime | None = None) -> Challenge:
    now = now or timezone.now()
    max_number = int(conf.get("CHALLENGE_MAX_NUMBER"))
    salt = secrets.token_hex(12)
    number = secrets.randbelow(max_number + 1)
    digest = _hash(salt, number)
    issued = int(now.timestamp())
    signed = signing.dumps({"s": salt, "d": digest, "m": max_number, "t": issued}, salt=SALT)
    return Challenge(salt, digest, max_number, datetime.fromtimestamp(issued, tz=UTC), signed)


def _refuse(code: str) -> ChallengeRefused:
    messages = {
        "challenge_malformed": _(
            "The check that you are not a robot could not be read. Please send the form again."
        ),
        "challenge_oversized": _(
            "The check that you are not a robot was too long and was refused. "
            "Please send the form again."
        ),
        "challenge_expired": _(
            "The check that you are not a robot has expired. Please send the form again."
        ),
        "challenge_wrong": _(
            "The answer to the check that you are not a robot is wrong. Please send the form again."
        ),
        "challenge_replayed": _(
            "This answer to the check that you are not a robot was already used. "
            "Please send the form again."
        ),
    }
    return ChallengeRefused(messages[code], code=code)


def challenge_read(signed: str) -> Challenge:
    """The challenge a form carried, or ChallengeRefused (malformed, oversized, expired)."""
    if not signed:
        raise _refuse("challenge_malformed")
    if len(signed) > MAX_CHALLENGE_LENGTH:
        raise _refuse("challenge_oversized")
    try:
        data = signing.loads(signed, salt=SALT, max_age=conf.get("CHALLENGE_TTL_SECONDS"))
    except signing.SignatureExpired:
        raise _refuse("challenge_expired") from None
    except signing.BadSignature:
        raise _refuse("challenge_malformed") from None
    try:
        salt, digest, max_number, issued = str(data["s"]), str(data["d"]), int(data["m"]), data["t"]
        issued_at = datetime.fromtimestamp(int(issued), tz=UTC)
    except (KeyError, TypeError, ValueError, OverflowError):
        raise _refuse("challenge_malformed") from None
    age = timezone.now() - issued_at
    if age > timedelta(seconds=conf.get("CHALLENGE_TTL_SECONDS")):
        raise _refuse("challenge_expired")
    if age < -timedelta(minutes=5):
        raise _refuse("challenge_malformed")
    return Challenge(salt, digest, max_number, issued_at, signed)


def solution_read(solution: str, challenge: Challenge) -> int:
    """The browser's number if it solves the challenge, or ChallengeRefused."""
    solution = solution.strip()
    if len(solution) > MAX_SOLUTION_LENGTH:
        raise _refuse("challenge_oversized")
    if not solution.isascii() or not solution.isdigit():
        raise _refuse("challenge_malformed")
    number = int(solution)
    if number > challenge.max_number or not secrets.compare_digest(
        _hash(challenge.salt, number), challenge.digest
    ):
        raise _refuse("challenge_wrong")
    return number


def challenge_consume(challenge: Challenge) -> None:
    """Record an answered challenge so it is refused next time (inside the caller's write)."""
    try:
        with transaction.atomic():
            UsedChallenge.objects.create(digest=challenge.digest, expires_at=challenge.expires_at)
    except IntegrityError:
        raise _refuse("challenge_replayed") from None


def challenge_was_used(challenge: Challenge) -> bool:
    return UsedChallenge.objects.filter(digest=challenge.digest).exists()


def solve(salt: str, digest: str, max_number: int) -> int | None:
    """What the browser does, in Python (for tests and non-browser clients)."""
    for number in range(max_number + 1):
        if _hash(salt, number) == digest:
            return number
    return None


def purge_used(*, now: datetime | None = None) -> int:
    deleted, _count = UsedChallenge.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
