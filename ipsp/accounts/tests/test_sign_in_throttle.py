from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from conftest import STAFF_PASSWORD
from ipsp.accounts import throttle
from ipsp.accounts.models import SignInThrottle, User
from ipsp.accounts.tests.helpers import form_token

LOCKED = "Too many attempts failed. Please try again in 15 minutes."


def sign_in(client: Client, email: str, password: str) -> Any:
    return client.post(
        "/en/staff/sign-in/",
        {"email": email, "password": password, "form_token": form_token("staff_sign_in")},
    )


def fail_five_times(client: Client, email: str) -> None:
    for _attempt in range(5):
        sign_in(client, email, "a wrong password, again")


def test_five_failures_lock_the_address_even_for_the_right_password(
    client: Client, reviewer: User
) -> None:
    email = reviewer.email or ""
    fail_five_times(client, email)
    response = sign_in(client, email, STAFF_PASSWORD)
    assert LOCKED in response.content.decode()
    assert not response.cookies


def test_the_lock_counts_addresses_without_regard_to_case(client: Client, reviewer: User) -> None:
    fail_five_times(client, (reviewer.email or "").upper())
    assert LOCKED in sign_in(client, reviewer.email or "", STAFF_PASSWORD).content.decode()


def test_another_address_is_not_locked(client: Client, reviewer: User, secretariat: User) -> None:
    fail_five_times(client, reviewer.email or "")
    assert sign_in(client, secretariat.email or "", STAFF_PASSWORD).status_code == 302


def test_the_lock_ends_with_its_window(client: Client, reviewer: User) -> None:
    fail_five_times(client, reviewer.email or "")
    SignInThrottle.objects.update(window_start=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, reviewer.email or "", STAFF_PASSWORD).status_code == 302


def test_the_message_counts_down_the_minutes_left(client: Client, reviewer: User) -> None:
    fail_five_times(client, reviewer.email or "")
    SignInThrottle.objects.update(window_start=timezone.now() - timedelta(minutes=14, seconds=30))
    html = sign_in(client, reviewer.email or "", STAFF_PASSWORD).content.decode()
    assert "Please try again in 1 minute." in html


def test_unknown_addresses_are_counted_too_and_stored_only_as_a_keyed_hash(
    client: Client, db: None
) -> None:
    fail_five_times(client, "nobody@example.org")
    row = SignInThrottle.objects.get()
    assert row.failures == 5
    assert "nobody" not in row.key_hash
    assert row.key_hash == throttle.key_hash(throttle.STAFF_EMAIL, "nobody@example.org")


def test_rows_older_than_a_day_are_deleted(db: None) -> None:
    SignInThrottle.objects.create(
        scope="staff_email", key_hash="x" * 64, window_start=timezone.now() - timedelta(hours=25)
    )
    throttle.record(throttle.TOKEN_ADDRESS, "192.0.2.1")
    assert not SignInThrottle.objects.filter(key_hash="x" * 64).exists()
