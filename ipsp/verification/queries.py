"""Reads of level 2: the queue with its filters, appeals, the contributor's decisions,
and the queue-health figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from ipsp.accounts.models import User
from ipsp.verification.models import (
    Appeal,
    AppealState,
    Decision,
    Level1Check,
    QueueDecision,
    QueueItem,
)


@dataclass(frozen=True)
class QueueFilters:
    kind: str = ""
    language: str = ""
    country: str = ""
    older_than_days: int | None = None
    score_min: float | None = None
    score_max: float | None = None


def queue_waiting(
    filters: QueueFilters | None = None, *, now: datetime | None = None
) -> QuerySet[QueueItem]:
    """Items waiting for a decision, oldest first, filtered."""
    filters = filters or QueueFilters()
    now = now or timezone.now()
    items = QueueItem.objects.waiting().select_related("check_ref", "claimed_by")
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.language:
        items = items.filter(language=filters.language)
    if filters.country:
        items = items.filter(country=filters.country.upper())
    if filters.older_than_days:
        items = items.filter(entered_at__lte=now - timedelta(days=filters.older_than_days))
    if filters.score_min is not None:
        items = items.filter(score__gte=filters.score_min)
    if filters.score_max is not None:
        items = items.filter(score__lte=filters.score_max)
    return items.order_by("entered_at", "pk")


def queue_facets() -> dict[str, list[str]]:
    """The languages and countries of waiting items, for the filter lists."""
    waiting = QueueItem.objects.waiting()
    return {
        "language": sorted(set(waiting.exclude(language="").values_list("language", flat=True))),
        "country": sorted(set(waiting.exclude(country="").values_list("country", flat=True))),
    }


def queue_item_get(public_id: str) -> QueueItem | None:
    return (
        QueueItem.objects.select_related("check_ref", "claimed_by", "decided_by", "reason")
        .filter(public_id=public_id)
        .first()
    )


def appeals_open() -> QuerySet[Appeal]:
    """Appeals waiting for an answer, the nearest deadline first."""
    return (
        Appeal.objects.filter(state=AppealState.OPEN)
        .select_related("item", "item__reason", "item__decided_by")
        .order_by("deadline", "pk")
    )


def appeal_get(public_id: str) -> Appeal | None:
    return (
        Appeal.objects.select_related("item", "item__reason", "item__decided_by", "decided_by")
        .filter(public_id=public_id)
        .first()
    )


def decisions_for_contributor(user: User, *, limit: int = 50) -> list[QueueItem]:
    """The contributor's items, newest first: waiting ones and decided ones with their appeal."""
    return list(
        QueueItem.objects.filter(contributor=user)
        .select_related("reason", "appeal")
        .prefetch_related("reason__translations")
        .order_by("-entered_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class QueueHealth:
    waiting: int
    oldest_entered_at: datetime | None
    oldest_age: timedelta | None
    decisions_per_day: list[tuple[date, int]]
    decisions_by_kind: dict[str, int]
    spam_level1: int
    spam_level2: int
    appeals_open: int
    appeals_overdue: int
    appeals_upheld: int
    appeals_dismissed: int
    days: int


def queue_health(*, days: int = 14, now: datetime | None = None) -> QueueHealth:
    """The figures the secretariat watches, over the last ``days`` days (today included)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_day = today - timedelta(days=days - 1)
    since = timezone.make_aware(datetime.combine(first_day, datetime.min.time()))
    waiting = QueueItem.objects.waiting()
    oldest = waiting.aggregate(oldest=Min("entered_at"))["oldest"]
    decided = QueueItem.objects.decided().filter(decided_at__gte=since)
    per_day_rows = dict(
        decided.annotate(day=TruncDate("decided_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    per_day = [
        (
            first_day + timedelta(days=offset),
            int(per_day_rows.get(first_day + timedelta(days=offset), 0)),
        )
        for offset in range(days)
    ]
    by_kind: dict[str, Any] = dict(
        decided.values_list("decision").annotate(n=Count("pk")).values_list("decision", "n")
    )
    appeals = Appeal.objects.all()
    return QueueHealth(
        waiting=waiting.count(),
        oldest_entered_at=oldest,
        oldest_age=(now - oldest) if oldest else None,
        decisions_per_day=per_day,
        decisions_by_kind={str(k): int(v) for k, v in by_kind.items()},
        spam_level1=Level1Check.objects.filter(
            decision=Decision.SPAM, shadow=False, created_at__gte=since
        ).count(),
        spam_level2=decided.filter(decision=QueueDecision.SPAM).count(),
        appeals_open=appeals.filter(state=AppealState.OPEN).count(),
        appeals_overdue=appeals.filter(state=AppealState.OPEN, deadline__lt=now).count(),
        appeals_upheld=appeals.filter(state=AppealState.UPHELD, decided_at__gte=since).count(),
        appeals_dismissed=appeals.filter(
            state=AppealState.DISMISSED, decided_at__gte=since
        ).count(),
        days=days,
    )
