"""Reads for staff: how much mail is pending, sent, failed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, QuerySet

from ipsp.notifications.models import OutgoingEmail

State = OutgoingEmail.State


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


def email_counts_by_state() -> list[StateCount]:
    """One row per state, in lifecycle order, zero included (a single query)."""
    found = dict(
        OutgoingEmail.objects.order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [StateCount(state, str(label), found.get(state, 0)) for state, label in State.choices]


def email_oldest_pending() -> datetime.datetime | None:
    """When the oldest message still waiting was written (None when none waits)."""
    return (
        OutgoingEmail.objects.filter(state__in=[State.PENDING, State.SENDING])
        .order_by()
        .aggregate(oldest=Min("created_at"))["oldest"]
    )


def email_list(*, state: str = "") -> QuerySet[OutgoingEmail]:
    """Messages newest first, optionally in one state; the text bodies are not loaded."""
    messages = OutgoingEmail.objects.defer("body_text", "body_html")
    if state:
        messages = messages.in_state(state)
    return messages.order_by("-created_at", "-pk")
