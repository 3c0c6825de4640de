from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from ipsp.verification import ratelimits
from ipsp.verification.models import RateEvent
from ipsp.verification.services import level1_check
from ipsp.verification.tests.helpers import make_submission, make_token_id
from ipsp.verification.types import RateLimited

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tight_limits(settings: object) -> None:
    settings.VERIFICATION_RATE_LIMITS = {  # type: ignore[attr-defined]
        "network": (2, 3600),
        "token": (3, 86400),
        "email": (2, 86400),
    }


def _send(n: int, **overrides: object) -> None:
    for i in range(n):
        # different texts, so that the copy-paste rule stays out of the way
        level1_check(
            make_submission(public_id=f"INIT{i:04d}", texts=(f"Text number {i}",), **overrides)
        )


def test_the_network_limit_refuses_with_a_try_again_in_message() -> None:
    network = ratelimits.network_hash("203.0.113.7")
    _send(2, network_hash=network)

    with pytest.raises(RateLimited) as refused:
        level1_check(make_submission(public_id="LAST", network_hash=network))

    assert refused.value.scope == "network"
    assert timedelta(minutes=59) < refused.value.retry_after <= timedelta(hours=1)
    assert str(refused.value.message) == (
        "Many submissions came from your network. Please try again in 1\xa0hour."
    )


def test_the_try_again_message_is_in_the_visitors_language() -> None:
    network = ratelimits.network_hash("203.0.113.7")
    _send(2, network_hash=network)

    with translation.override("fr"), pytest.raises(RateLimited) as refused:
        level1_check(make_submission(public_id="LAST", network_hash=network))

    assert "Veuillez réessayer dans 1\xa0heure" in str(refused.value.message)


def test_another_network_is_not_limited() -> None:
    _send(2, network_hash=ratelimits.network_hash("203.0.113.7"))

    outcome = level1_check(
        make_submission(public_id="OTHER", network_hash=ratelimits.network_hash("198.51.100.1"))
    )

    assert outcome.passed


def test_the_token_and_email_limits_apply_too() -> None:
    token_id = make_token_id()
    _send(3, token_id=token_id)
    with pytest.raises(RateLimited) as refused:
        level1_check(make_submission(public_id="LAST", token_id=token_id))
    assert refused.value.scope == "token"
    assert "access token" in str(refused.value.message)

    email = ratelimits.email_hash("Someone@Example.org")
    _send(2, email_hash=email)
    with pytest.raises(RateLimited) as refused:
        level1_check(
            make_submission(
                public_id="LAST", email_hash=ratelimits.email_hash("someone@example.org ")
            )
        )
    assert refused.value.scope == "email"


def test_the_address_is_never_stored_only_a_keyed_hash() -> None:
    network = ratelimits.network_hash("203.0.113.7")
    level1_check(make_submission(network_hash=network))

    stored = RateEvent.objects.get(scope="network")
    assert "203.0.113.7" not in stored.key
    assert stored.key == network
    assert len(stored.key) == 64


def test_ipv6_addresses_of_one_network_share_a_limit() -> None:
    assert ratelimits.network_hash("2001:db8::1") == ratelimits.network_hash("2001:db8::ffff")
    assert ratelimits.network_hash("2001:db8::1") != ratelimits.network_hash("2001:db8:0:1::1")
    assert ratelimits.network_hash("not an address") == ""


def test_rate_events_are_purged_after_24_hours() -> None:
    level1_check(make_submission(network_hash=ratelimits.network_hash("203.0.113.7")))

    assert ratelimits.purge_rate_events(now=timezone.now() + timedelta(hours=23)) == 0
    assert ratelimits.purge_rate_events(now=timezone.now() + timedelta(hours=25)) == 1
    assert RateEvent.objects.count() == 0


def test_durations_are_humanised_and_rounded_up_to_the_minute() -> None:
    assert ratelimits.humanise(timedelta(seconds=10)) == "1\xa0minute"
    assert ratelimits.humanise(timedelta(minutes=61, seconds=5)) == "1\xa0hour, 2\xa0minutes"
