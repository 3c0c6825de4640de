"""Small helpers for the verification tests: submissions and solved challenges."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from ipsp.verification import challenge as challenges
from ipsp.verification.types import FormSignals, Submission

LEGITIMATE_TEXT = (
    "In Kisumu, rural women have little say in decisions about clean water. We run weekly "
    "meetings where they design the services they need together with local officials. Since "
    "2019, about 300 people have taken part, and most say their situation improved."
)


def make_submission(**overrides: Any) -> Submission:
    values: dict[str, Any] = {
        "kind": "initiative",
        "public_id": "INIT0001",
        "language": "en",
        "title": "Clean water for rural women in Kisumu",
        "texts": (LEGITIMATE_TEXT,),
        "organisation": "Kisumu Community Action Network",
        "country": "KE",
        "token_id": None,
    }
    values.update(overrides)
    return Submission(**values)


def solved_form(*, seconds_ago: int = 60, solve: bool = True, honeypot: str = "") -> FormSignals:
    """Form signals as a browser with JavaScript sends them, the page shown seconds_ago."""
    issued = challenges.challenge_issue(now=timezone.now() - timedelta(seconds=seconds_ago))
    solution = ""
    if solve:
        number = challenges.solve(issued.salt, issued.digest, issued.max_number)
        solution = str(number)
    return FormSignals(challenge=issued.signed, solution=solution, honeypot=honeypot)


def issued_at(seconds_ago: int) -> datetime:
    return timezone.now() - timedelta(seconds=seconds_ago)


def make_token_id() -> int:
    """A real contributor's access token id (Level1Check keeps a link to the token)."""
    from ipsp.accounts import tokens

    return tokens.token_issue(user=tokens.contributor_create()).token.pk
