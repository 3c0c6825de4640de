# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""Level 1 and level 2 plugged into initiative submission, through the real forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ipsp.core import formtokens
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import Contributor, make_initiative
from ipsp.initiatives.tests.queue_helpers import verification_fields
from ipsp.initiatives.tests.test_registration_form import full_data, quick_data
from ipsp.verification.models import AuditEntry, Level1Check, QueueItem

pytestmark = pytest.mark.django_db

FULL = "/en/initiatives/new/full/"
QUICK = "/en/initiatives/new/"


@pytest.fixture(autouse=True)
def _small_challenges(settings: Any) -> None:
    settings.VERIFICATION_CHALLENGE_MAX_NUMBER = 2_000


def _submit_full(client: Client, terms: dict, **fields: Any) -> Any:
    data = full_data(terms, submit="1")
    data.update(verification_fields())
    data.update(fields)
    return client.post(FULL, data)


def test_a_submission_that_passes_level_1_waits_in_the_secretariats_queue(
    client: Client, terms: dict
) -> None:
    _submit_full(client, terms)

    initiative = Initiative.objects.get()
    assert initiative.state == Initiative.State.IN_VALIDATION
    check = Level1Check.objects.get(entry_public_id=initiative.public_id)
    assert check.decision == "pass"
    item = QueueItem.objects.get(entry_public_id=initiative.public_id)
    assert item.decided_at is None and item.title == "Solar water kiosks"
    assert item.score == check.score and item.contributor == initiative.contributor


def test_a_submission_without_javascript_is_held_for_level_2_with_its_reason(
    client: Client, terms: dict
) -> None:
    _submit_full(client, terms, **{"vf_solution": ""})

    initiative = Initiative.objects.get()
    assert initiative.state == Initiative.State.IN_VALIDATION
    item = QueueItem.objects.get(entry_public_id=initiative.public_id)
    assert item.check_ref.decision == "hold"
    assert "no_javascript" in item.check_ref.reasons


def test_spam_goes_to_the_spam_folder_and_the_contributor_sees_it_waiting(
    client: Client, terms: dict
) -> None:
    response = _submit_full(client, terms, vf_website="http://cheap-pills.example")

    assert response.status_code == 200
    initiative = Initiative.objects.get()
    # never silently dropped: kept, submitted, in the spam folder, restorable
    assert initiative.state == Initiative.State.SUBMITTED
    assert Level1Check.objects.spam_folder().filter(entry_public_id=initiative.public_id).exists()
    assert not QueueItem.objects.exists()
    body = client.get("/en/my/").content.decode()
    assert "Submitted" in body and "spam" not in body.lower()


def test_restoring_from_the_spam_folder_puts_the_entry_in_the_queue(
    client: Client, terms: dict, secretariat: Any
) -> None:
    from ipsp.verification.services import spam_restore

    _submit_full(client, terms, vf_website="http://cheap-pills.example")
    check = Level1Check.objects.get()

    spam_restore(check.pk, secretariat)

    initiative = Initiative.objects.get()
    assert initiative.state == Initiative.State.IN_VALIDATION
    item = QueueItem.objects.get()
    assert item.origin == "restored" and item.check_ref == check
    assert AuditEntry.objects.filter(action="spam_restore").exists()


def test_a_rate_limited_submission_is_refused_in_the_visitors_language_storing_nothing(
    client: Client, terms: dict, settings: Any
) -> None:
    settings.VERIFICATION_RATE_LIMITS = {"network": (1, 3600)}
    _submit_full(client, terms)
    second = Client()

    data = full_data(terms, submit="1", title="Another initiative entirely")
    data.update(verification_fields())
    data["form_token"] = formtokens.issue("initiative_full")
    response = second.post("/fr/initiatives/new/full/", data)

    assert response.status_code == 200
    assert "Réessayez" in response.content.decode() or "réessayer" in response.content.decode()
    assert Initiative.objects.count() == 1


def test_a_missing_or_replayed_challenge_is_refused_at_the_form(
    client: Client, terms: dict
) -> None:
    data = full_data(terms, submit="1")
    for name in ("vf_challenge", "vf_solution", "vf_website"):
        data.pop(name)
    response = client.post(FULL, data)  # no level 1 fields at all
    assert response.status_code == 200
    assert Initiative.objects.count() == 0
    fields = verification_fields()
    first = full_data(terms, submit="1")
    first.update(fields)
    client.post(FULL, first)
    replay = full_data(terms, submit="1", title="A second initiative")
    replay.update(fields)
    response = Client().post(FULL, replay)
    assert "already" in response.content.decode() or "used" in response.content.decode()
    assert Initiative.objects.count() == 1


def test_the_quick_form_refuses_a_flood_from_one_network(
    client: Client, terms: dict, settings: Any
) -> None:
    settings.VERIFICATION_RATE_LIMITS = {"network": (1, 3600)}
    first = quick_data()
    first.update(verification_fields())
    client.post(QUICK, first)
    second = quick_data(title="Another one")
    second.update(verification_fields())
    response = Client().post(QUICK, second)

    assert "try again in" in response.content.decode()
    assert Initiative.objects.count() == 1


def test_the_contributor_is_asked_whether_it_is_the_same_as_a_published_initiative(
    client: Client, terms: dict, contributor: Contributor
) -> None:
    make_initiative(contributor.user, terms, state="published", title="Solar water kiosks")

    response = _submit_full(client, terms)
    body = response.content.decode()

    assert "Is this the same as an entry already on the platform?" in body
    assert Initiative.objects.count() == 1  # nothing stored yet

    data = full_data(terms, submit="1")
    data.update(verification_fields())
    data["vf_distinct"] = "on"
    client.post(FULL, data)

    assert Initiative.objects.count() == 2
    new = Initiative.objects.exclude(contributor=contributor.user).get()
    assert new.state == Initiative.State.IN_VALIDATION
    item = QueueItem.objects.get(entry_public_id=new.public_id)
    # the secretariat sees the merge proposal
    assert item.check_ref.duplicates[0]["title"] == "Solar water kiosks"


def test_submitting_from_the_edit_page_goes_through_level_1(
    client: Client, terms: dict, contributor: Contributor
) -> None:
    from ipsp.initiatives.tests.queue_helpers import edit_data_from_page

    initiative = make_initiative(contributor.user, terms)
    client.force_login(contributor.user, backend="ipsp.accounts.tokens.AccessTokenBackend")
    data = edit_data_from_page(client, initiative)
    data.update(verification_fields())
    data["submit"] = "1"
    response = client.post(f"/en/initiatives/{initiative.public_id}/edit/", data)

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.IN_VALIDATION
    assert QueueItem.objects.filter(entry_public_id=initiative.public_id).exists()


def test_submitting_from_the_preview_page_goes_through_level_1(
    client: Client, terms: dict, contributor: Contributor
) -> None:
    initiative = make_initiative(contributor.user, terms)
    client.force_login(contributor.user, backend="ipsp.accounts.tokens.AccessTokenBackend")

    refused = client.post(f"/en/initiatives/{initiative.public_id}/submit/", {})
    initiative.refresh_from_db()
    assert refused.status_code == 200 and initiative.state == Initiative.State.DRAFT

    client.post(f"/en/initiatives/{initiative.public_id}/submit/", verification_fields())
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.IN_VALIDATION


def test_every_transition_of_an_initiative_is_in_the_audit_trail(
    client: Client, terms: dict
) -> None:
    _submit_full(client, terms)
    initiative = Initiative.objects.get()

    actions = list(
        AuditEntry.objects.filter(kind="initiative", entry_public_id=initiative.public_id)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )

    assert actions[:2] == ["create", "submit"]
    assert {"level1", "begin_validation", "enter_queue"} <= set(actions)
