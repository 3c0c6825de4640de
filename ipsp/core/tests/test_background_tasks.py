"""Background work: a failing task is retried with backoff, recorded, and visible to staff."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from conftest import make_staff
from ipsp.accounts import roles
from ipsp.accounts.models import User
from ipsp.core.tasks import backoff, enqueue_batched_on_commit, enqueue_on_commit, retrying_task

# How many times each flaky task should still fail, keyed by its label.
FAILURES_LEFT: dict[str, int] = {}
RUNS: list[str] = []


@retrying_task()
def flaky(label: str) -> None:
    RUNS.append(label)
    if FAILURES_LEFT.get(label, 0) > 0:
        FAILURES_LEFT[label] -= 1
        raise RuntimeError(f"{label} is not ready yet")


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    FAILURES_LEFT.clear()
    RUNS.clear()


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "email"],
        }
    }
    settings.TASK_MAX_ATTEMPTS = 3


def run_worker() -> None:
    # The worker closes connections between tasks, which would end the test's own
    # transaction on PostgreSQL; that housekeeping is not what these tests are about.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, queue_name="*", startup_delay=False, interval=0)


def let_time_pass() -> None:
    """The worker only takes tasks whose time has come: bring every deferred one forward."""
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() / 60 for n in range(1, 6)] == [1, 2, 4, 8, 16]
    assert backoff(30) == timedelta(hours=6)


@pytest.mark.django_db
def test_with_the_immediate_backend_a_task_that_fails_twice_succeeds_on_its_third_try(
    settings: Any,
) -> None:
    settings.TASK_MAX_ATTEMPTS = 5
    FAILURES_LEFT["report"] = 2
    flaky.enqueue("report")
    assert RUNS == ["report"] * 3
    assert FAILURES_LEFT["report"] == 0


@pytest.mark.django_db
def test_a_failing_task_is_enqueued_again_later_with_the_next_attempt_number(
    database_tasks: None,
) -> None:
    FAILURES_LEFT["doi"] = 1
    before = timezone.now()
    flaky.enqueue("doi")
    run_worker()

    first = DBTaskResult.objects.get(status="FAILED")
    assert "doi is not ready yet" in first.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": ["doi"], "kwargs": {"attempt": 2}}
    assert retry.run_after >= before + backoff(1) - timedelta(seconds=1)

    run_worker()  # not due yet: nothing happens
    assert DBTaskResult.objects.get(pk=retry.pk).status == "READY"

    let_time_pass()
    run_worker()
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert RUNS == ["doi", "doi"]


@pytest.mark.django_db
def test_a_task_that_keeps_failing_is_recorded_as_failed_after_the_last_attempt(
    database_tasks: None,
) -> None:
    FAILURES_LEFT["mail"] = 99
    flaky.enqueue("mail")
    for _round in range(5):
        run_worker()
        let_time_pass()
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert len(results) == 3  # TASK_MAX_ATTEMPTS
    assert [result.status for result in results] == ["FAILED"] * 3
    assert [result.args_kwargs["kwargs"].get("attempt", 1) for result in results] == [1, 2, 3]
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_enqueue_on_commit_waits_for_the_transaction_and_forgets_a_rolled_back_one(
    database_tasks: None,
) -> None:
    from django.db import transaction

    with transaction.atomic():
        enqueue_on_commit(flaky, "kept")
        assert not DBTaskResult.objects.exists()
    assert DBTaskResult.objects.count() == 1

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(flaky, "dropped")
        raise RuntimeError("the write failed")
    assert DBTaskResult.objects.count() == 1


def signed_in_with_second_factor(client: Client, user: User) -> Client:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


ADMIN_TASKS = "/admin/django_tasks_database/dbtaskresult/"


@pytest.mark.django_db
def test_the_secretariat_sees_failed_tasks_in_the_admin(
    client: Client, secretariat: User, database_tasks: None
) -> None:
    FAILURES_LEFT["index"] = 99
    flaky.enqueue("index")
    run_worker()
    signed_in_with_second_factor(client, secretariat)
    listing = client.get(ADMIN_TASKS + "?status__exact=FAILED")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "flaky" in html
    assert "Failed" in html
    failed = DBTaskResult.objects.get(status="FAILED")
    detail = client.get(f"{ADMIN_TASKS}{failed.pk}/change/")
    assert detail.status_code == 200
    assert "index is not ready yet" in detail.content.decode()


@pytest.mark.django_db
def test_a_reviewer_and_a_staff_member_without_the_permission_do_not_see_tasks(
    client: Client, reviewer: User, database_tasks: None
) -> None:
    flaky.enqueue("index")
    url = ADMIN_TASKS
    signed_in_with_second_factor(client, reviewer)
    response = client.get(url)
    assert response.status_code == 302  # a reviewer is not staff: sent to sign in
    assert "flaky" not in response.content.decode()

    funder = make_staff(roles.FUNDER, "fatou.funder@example.org")
    other = signed_in_with_second_factor(Client(), funder)
    response = other.get(url)
    assert response.status_code == 403
    assert "flaky" not in response.content.decode()


# --- one task per transaction for many changes -----------------------------------------------

BATCHES: list[list[list[str]]] = []


@retrying_task()
def note_batch(keys: list[list[str]]) -> None:
    BATCHES.append(keys)


@pytest.mark.django_db(transaction=True)
def test_keys_noted_in_one_transaction_reach_one_task_once_it_commits() -> None:
    BATCHES.clear()
    with transaction.atomic():
        enqueue_batched_on_commit(note_batch, ("initiative", "b"))
        enqueue_batched_on_commit(note_batch, ("actor", "a"))
        enqueue_batched_on_commit(note_batch, ("initiative", "b"))
        assert BATCHES == []

    assert BATCHES == [[["actor", "a"], ["initiative", "b"]]]

    with transaction.atomic():
        enqueue_batched_on_commit(note_batch, ("initiative", "c"))
    assert BATCHES[-1] == [["initiative", "c"]]  # a new transaction, a new batch


@pytest.mark.django_db(transaction=True)
def test_keys_noted_in_a_transaction_that_rolls_back_reach_no_task() -> None:
    BATCHES.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_batched_on_commit(note_batch, ("initiative", "b"))
        raise RuntimeError("the publication failed")
    with transaction.atomic():
        enqueue_batched_on_commit(note_batch, ("initiative", "c"))

    assert BATCHES == [[["initiative", "c"]]]


@pytest.mark.django_db(transaction=True)
def test_a_key_noted_outside_a_transaction_is_enqueued_at_once() -> None:
    BATCHES.clear()
    enqueue_batched_on_commit(note_batch, ("initiative", "b"))
    assert BATCHES == [[["initiative", "b"]]]
