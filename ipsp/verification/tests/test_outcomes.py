from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from ipsp.verification import services
from ipsp.verification.models import BlockedDomain, Level1Check, TrainingExample
from ipsp.verification.services import (
    NotInSpamFolder,
    level1_check,
    spam_purge_expired,
    spam_restore,
)
from ipsp.verification.tests.helpers import make_submission

pytestmark = pytest.mark.django_db

SPAMMY = ("Buy now https://pills.example/a https://pills.example/b https://pills.example/c",)


@pytest.fixture
def spam_check() -> Level1Check:
    BlockedDomain.objects.create(domain="pills.example", weight=10)
    outcome = level1_check(make_submission(public_id="SPAM0001", title="Pills", texts=SPAMMY))
    assert outcome.is_spam
    return Level1Check.objects.get(pk=outcome.check_id)


@pytest.fixture
def handlers() -> Iterator[dict[str, list[str]]]:
    calls: dict[str, list[str]] = {"restore": [], "purge": []}
    registered = services._handlers.pop("initiative", None)  # the real one, put back after
    services.register_kind(
        "initiative",
        on_restore=calls["restore"].append,
        on_purge=calls["purge"].append,
    )
    yield calls
    services._handlers.pop("initiative", None)
    if registered is not None:
        services._handlers["initiative"] = registered


def test_every_outcome_is_stored_with_its_score_signals_and_content(
    spam_check: Level1Check,
) -> None:
    assert spam_check.kind == "initiative"
    assert spam_check.entry_public_id == "SPAM0001"
    assert spam_check.score >= 9
    assert {s["code"] for s in spam_check.signals} >= {"blocked_domain", "link_density"}
    assert spam_check.reasons[0] == "blocked_domain"
    assert spam_check.content["title"] == "Pills"
    assert spam_check.shadow is False
    assert spam_check.spam_until is not None
    assert spam_check.spam_until - spam_check.created_at > timedelta(days=29)


def test_shadow_mode_reports_what_the_rules_would_do_without_acting(settings: object) -> None:
    settings.VERIFICATION_SHADOW_MODE = True  # type: ignore[attr-defined]
    settings.VERIFICATION_RATE_LIMITS = {"network": (1, 3600)}  # type: ignore[attr-defined]
    BlockedDomain.objects.create(domain="pills.example", weight=10)

    level1_check(make_submission(public_id="A", network_hash="n" * 64))
    outcome = level1_check(make_submission(public_id="B", texts=SPAMMY, network_hash="n" * 64))

    assert outcome.decision == "pass"
    assert outcome.rules_decision == "spam"
    assert outcome.shadow
    check = Level1Check.objects.get(pk=outcome.check_id)
    assert check.shadow and check.spam_until is None
    assert "rate_limited" in [s["code"] for s in check.signals]
    assert not Level1Check.objects.spam_folder().exists()


def test_restoring_from_the_spam_folder_trains_and_hands_the_entry_back(
    spam_check: Level1Check, secretariat: object, handlers: dict[str, list[str]]
) -> None:
    spam_restore(spam_check.pk, secretariat)  # type: ignore[arg-type]

    spam_check.refresh_from_db()
    assert spam_check.restored_at is not None
    assert spam_check.restored_by == secretariat
    example = TrainingExample.objects.get(check_ref=spam_check)
    assert example.label == "ham" and example.source == "restore"
    assert "Pills" in example.text
    assert handlers["restore"] == ["SPAM0001"]
    assert not Level1Check.objects.spam_folder().exists()


def test_an_entry_cannot_be_restored_twice(
    spam_check: Level1Check, secretariat: object, handlers: dict[str, list[str]]
) -> None:
    spam_restore(spam_check.pk, secretariat)  # type: ignore[arg-type]

    with pytest.raises(NotInSpamFolder):
        spam_restore(spam_check.pk, secretariat)  # type: ignore[arg-type]
    assert TrainingExample.objects.count() == 1


def test_a_reviewer_cannot_restore_from_the_spam_folder(
    spam_check: Level1Check, reviewer: object
) -> None:
    with pytest.raises(PermissionDenied):
        spam_restore(spam_check.pk, reviewer)  # type: ignore[arg-type]

    spam_check.refresh_from_db()
    assert spam_check.restored_at is None
    assert not TrainingExample.objects.exists()


def test_spam_is_kept_30_days_then_purged(
    spam_check: Level1Check, handlers: dict[str, list[str]]
) -> None:
    assert spam_purge_expired(now=timezone.now() + timedelta(days=29)) == 0
    assert handlers["purge"] == []

    assert spam_purge_expired(now=timezone.now() + timedelta(days=31)) == 1

    spam_check.refresh_from_db()
    assert spam_check.purged_at is not None
    assert spam_check.content == {}
    assert spam_check.score >= 9  # the figures stay for the queue-health statistics
    assert handlers["purge"] == ["SPAM0001"]


def test_the_purge_command_runs_every_retention_job() -> None:
    from io import StringIO

    out = StringIO()
    call_command("verification_purge", stdout=out)

    assert "rate_events: 0 deleted" in out.getvalue()
    assert "spam: 0 deleted" in out.getvalue()
