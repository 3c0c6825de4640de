# mypy: disable-error-code="union-attr, arg-type, operator, misc"
from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from ipsp.accounts.models import User
from ipsp.actors.models import Actor
from ipsp.identifiers.models import Doi
from ipsp.initiatives import queries, services
from ipsp.initiatives.models import Initiative, InitiativeVersion
from ipsp.initiatives.tests.conftest import Contributor, full_content, make_initiative
from ipsp.verification.audit import audit_trail

pytestmark = pytest.mark.django_db
State = Initiative.State
VersionState = InitiativeVersion.State


def test_creating_a_draft_makes_a_pending_version_and_a_draft_actor(
    contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms)
    assert initiative.state == State.DRAFT
    assert initiative.published_version is None
    version = initiative.pending_version
    assert version is not None and version.state == VersionState.DRAFT and version.number is None
    assert [o.actor.name for o in version.organisations.all()] == ["Maji Safi Collective"]
    actor = Actor.objects.get(name="Maji Safi Collective")
    assert actor.state == Actor.State.DRAFT
    assert actor.created_from_initiative == initiative
    assert audit_trail("initiative", initiative.public_id).filter(action="create").count() == 1


def test_submitting_moves_both_initiative_and_version_and_records_it(
    contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    assert initiative.state == State.SUBMITTED
    assert initiative.submitted_at is not None
    assert initiative.pending_version.state == VersionState.SUBMITTED
    record = audit_trail("initiative", initiative.public_id).get(action="submit")
    assert (record.data, record.actor, record.actor_role) == (
        {"from": "draft", "to": "submitted"},
        contributor.user,
        "contributor",
    )


def test_submitting_an_incomplete_draft_names_the_missing_fields(
    contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, problem="", terms=[])
    with pytest.raises(services.IncompleteInitiative) as raised:
        services.initiative_submit(initiative=initiative, by=contributor.user)
    assert set(raised.value.errors) == {"problem", "countries"}
    initiative.refresh_from_db()
    assert initiative.state == State.DRAFT


def test_submitting_twice_is_refused_the_second_time(contributor: Contributor, terms: dict) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    with pytest.raises(services.InitiativeError):
        services.initiative_submit(initiative=initiative, by=contributor.user)
    assert audit_trail("initiative", initiative.public_id).filter(action="submit").count() == 1


def test_publishing_numbers_the_version_and_reserves_dois(
    contributor: Contributor, terms: dict, secretariat: User
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    initiative = services.initiative_publish(initiative=initiative, by=secretariat, note="Fine")
    assert initiative.state == State.PUBLISHED
    assert initiative.pending_version is None
    version = initiative.published_version
    assert version.number == 1 and version.state == VersionState.PUBLISHED
    assert version.decided_by == secretariat
    assert initiative.published_at is not None and initiative.last_confirmed_at is not None
    dois = Doi.objects.filter(target_public_id=initiative.public_id)
    assert dois.count() == 2


def test_publishing_something_not_submitted_is_refused(
    contributor: Contributor, terms: dict, secretariat: User
) -> None:
    initiative = make_initiative(contributor.user, terms)
    with pytest.raises(services.InitiativeError):
        services.initiative_publish(initiative=initiative, by=secretariat)
    initiative.refresh_from_db()
    assert initiative.state == State.DRAFT
    assert not initiative.versions.filter(number__isnull=False).exists()


def test_editing_a_published_initiative_keeps_the_published_version_visible(
    contributor: Contributor, terms: dict, secretariat: User
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    first = initiative.published_version
    pending = services.initiative_edit_published(initiative=initiative, by=contributor.user)
    initiative.refresh_from_db()
    assert initiative.pending_version == pending and pending.pk != first.pk
    assert pending.title == first.title
    assert list(pending.terms.all()) == list(first.terms.all())
    assert pending.organisations.count() == 1 and pending.links.count() == 1
    assert pending.places.count() == 1
    services.initiative_update_draft(
        initiative=initiative,
        by=contributor.user,
        content=full_content(terms, title="Community water kiosks, phase two"),
    )
    initiative = services.initiative_submit(initiative=initiative, by=contributor.user)
    assert initiative.state == State.PUBLISHED
    public = queries.initiative_get_public(initiative.public_id)
    assert public is not None and public.published_version.title == "Community water kiosks"

    initiative = services.initiative_publish(initiative=initiative, by=secretariat)
    first.refresh_from_db()
    assert first.state == VersionState.SUPERSEDED
    assert initiative.published_version.number == 2
    assert initiative.published_version.title == "Community water kiosks, phase two"
    assert [v.number for v in queries.version_list(initiative)] == [2, 1]


def test_opening_an_edit_twice_returns_the_same_pending_version(
    contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    one = services.initiative_edit_published(initiative=initiative, by=contributor.user)
    two = services.initiative_edit_published(initiative=initiative, by=contributor.user)
    assert one.pk == two.pk


def test_requesting_changes_returns_the_draft_to_the_contributor_with_the_note(
    contributor: Contributor, terms: dict, secretariat: User
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    initiative = services.initiative_request_changes(
        initiative=initiative, by=secretariat, note="Please add the evidence links."
    )
    assert initiative.state == State.CHANGES_REQUESTED
    assert initiative.pending_version.state == VersionState.DRAFT
    assert initiative.pending_version.decision_note == "Please add the evidence links."
    services.initiative_update_draft(
        initiative=initiative, by=contributor.user, content=full_content(terms)
    )
    initiative = services.initiative_submit(initiative=initiative, by=contributor.user)
    assert initiative.state == State.SUBMITTED


def test_requesting_changes_needs_a_note(
    contributor: Contributor, terms: dict, secretariat: User
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    with pytest.raises(services.InitiativeError) as raised:
        services.initiative_request_changes(initiative=initiative, by=secretariat, note=" ")
    assert raised.value.field == "note"


def test_rejecting_a_new_submission_closes_it(
    contributor: Contributor, terms: dict, secretariat: User
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    initiative = services.initiative_reject(initiative=initiative, by=secretariat, note="Spam")
    assert initiative.state == State.REJECTED
    with pytest.raises(services.InitiativeError):
        services.initiative_update_draft(
            initiative=initiative, by=contributor.user, content=full_content(terms)
        )


def test_rejecting_an_edit_keeps_the_published_initiative(
    contributor: Contributor, terms: dict, secretariat: User
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    services.initiative_edit_published(initiative=initiative, by=contributor.user)
    initiative.refresh_from_db()
    initiative = services.initiative_submit(initiative=initiative, by=contributor.user)
    initiative = services.initiative_reject(initiative=initiative, by=secretariat, note="No")
    assert initiative.state == State.PUBLISHED
    assert initiative.pending_version is None
    assert initiative.published_version.number == 1


def test_withdrawing_leaves_a_tombstone_with_its_reason(
    contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    initiative = services.initiative_withdraw(
        initiative=initiative, by=contributor.user, reason="The project ended and merged."
    )
    assert initiative.state == State.WITHDRAWN
    assert initiative.withdrawal_reason == "The project ended and merged."
    public = queries.initiative_get_public(initiative.public_id)
    assert public is not None and public.state == State.WITHDRAWN


def test_withdrawing_a_draft_is_refused(contributor: Contributor, terms: dict) -> None:
    initiative = make_initiative(contributor.user, terms)
    with pytest.raises(services.InitiativeError):
        services.initiative_withdraw(initiative=initiative, by=contributor.user, reason="x")


def test_confirming_current_resets_the_yearly_question(
    contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    later = timezone.now() + datetime.timedelta(days=400)
    assert queries.freshness_due(initiative, now=later)
    Initiative.objects.filter(pk=initiative.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=800)
    )
    initiative.refresh_from_db()
    assert queries.freshness_stale_since(initiative) is not None
    initiative = services.initiative_confirm_current(initiative=initiative, by=contributor.user)
    assert not queries.freshness_due(initiative)
    assert queries.freshness_stale_since(initiative) is None


def test_the_contributor_is_told_by_email_of_each_decision(
    contributor: Contributor, terms: dict, secretariat: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        initiative = services.initiative_create_draft(
            contributor=contributor.user,
            content=full_content(terms),
            contact=services.ContactInput(email="wanjiru@example.org", consent_text="I agree"),
        )
        initiative = services.initiative_submit(initiative=initiative, by=contributor.user)
        services.initiative_publish(initiative=initiative, by=secretariat)
    subjects = [message.subject for message in mail.outbox]
    assert "Received: Community water kiosks" in subjects
    assert "Published: Community water kiosks" in subjects
    assert all(message.to == ["wanjiru@example.org"] for message in mail.outbox)


def test_a_contact_email_without_consent_is_refused(contributor: Contributor, terms: dict) -> None:
    with pytest.raises(services.InitiativeError) as raised:
        services.initiative_create_draft(
            contributor=contributor.user,
            content=full_content(terms),
            contact=services.ContactInput(email="a@example.org", consent_text=""),
        )
    assert raised.value.field == "contact_consent"
    assert not Initiative.objects.exists()


def test_the_diff_between_versions_is_readable(
    contributor: Contributor, terms: dict, secretariat: User
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    services.initiative_edit_published(initiative=initiative, by=contributor.user)
    initiative.refresh_from_db()
    services.initiative_update_draft(
        initiative=initiative,
        by=contributor.user,
        content=full_content(
            terms,
            summary="Solar-powered kiosks sell safe water at cost in informal settlements.",
            terms=[terms["country"][1], terms["theme"][0], terms["sdg"][0]],
            organisations=["Maji Safi Collective", "Dhaka Water Forum"],
        ),
    )
    initiative.refresh_from_db()
    diffs = {
        d.field: d
        for d in queries.version_diff(initiative.published_version, initiative.pending_version)
    }
    assert set(diffs) == {"summary", "terms", "organisations"}
    assert ("removed", "clean") in diffs["summary"].chunks
    assert ("added", "safe") in diffs["summary"].chunks
    assert diffs["terms"].added == ["Countries and territories: Bangladesh"]
    assert diffs["terms"].removed == ["Countries and territories: Kenya"]
    assert diffs["organisations"].added == ["Dhaka Water Forum"]
