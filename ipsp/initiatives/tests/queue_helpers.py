"""Helpers for the tests of initiatives in the two levels of verification."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsp.accounts.models import User
from ipsp.initiatives import review, services
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import full_content
from ipsp.verification.level2 import CHECKLIST_KEYS
from ipsp.verification.models import QueueItem
from ipsp.verification.tests.helpers import solved_form


def verification_fields(
    *, solve: bool = True, honeypot: str = "", seconds_ago: int = 60
) -> dict[str, str]:
    """Level 1's form fields as a browser sends them (the proof of work solved, or not)."""
    signals = solved_form(seconds_ago=seconds_ago, solve=solve, honeypot=honeypot)
    return {
        "vf_challenge": signals.challenge,
        "vf_solution": signals.solution,
        "vf_website": signals.honeypot,
    }


def signed_in_staff(client: Client, user: User) -> Client:
    """``user`` signed in with a verified second factor."""
    client.force_login(user)
    device = TOTPDevice.objects.get_or_create(
        user=user, name="phone", defaults={"confirmed": True}
    )[0]
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def queued(user: User, known: dict, **overrides: Any) -> tuple[Initiative, QueueItem]:
    """An initiative submitted through level 1 (no web form) and waiting in the queue."""
    initiative = services.initiative_create_draft(
        contributor=user, content=full_content(known, **overrides), language=user.language
    )
    initiative, outcome = review.initiative_submit_checked(initiative=initiative, by=user)
    assert outcome.decision in {"pass", "hold"}, outcome
    return initiative, QueueItem.objects.get(entry_public_id=initiative.public_id, decided_at=None)


def decide_data(item: QueueItem, decision: str, **extra: str) -> dict[str, str]:
    """A decision form as the item page sends it, with the stamp the page showed."""
    data = {"decision": decision, "stamp": review.initiative_stamp(item.entry_public_id)}
    if decision == "publish":
        data.update(dict.fromkeys(CHECKLIST_KEYS, "on"))
    data.update(extra)
    return data


def edit_data_from_page(client: Client, initiative: Initiative) -> dict[str, object]:
    """The edit form's data as the page shows it (the level 1 challenge included)."""
    page = client.get(f"/en/initiatives/{initiative.public_id}/edit/")
    form = page.context["form"]
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value in (None, "", False):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else value
    data.pop("transcript", None)
    for prefix, formset in page.context["formsets"].items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(formset.forms):
            for name in row.fields:
                value = row.initial.get(name)
                if value:
                    data[f"{prefix}-{index}-{name}"] = value
    return data
