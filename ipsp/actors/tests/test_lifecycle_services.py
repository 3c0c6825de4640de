# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""The lifecycle of an actor: draft, submitted, published, changes requested, rejected,
withdrawn; edits of a published actor wait for validation; every step is recorded."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.actors import services
from ipsp.actors.models import Actor, match_key
from ipsp.actors.public import actor_public
from ipsp.actors.queries import with_content
from ipsp.actors.tests.conftest import Contributor, full_content, make_actor, publisher
from ipsp.verification.audit import audit_trail

pytestmark = pytest.mark.django_db


def public_of(actor: Actor):  # type: ignore[no-untyped-def]
    return actor_public(with_content().get(pk=actor.pk))


def test_a_registered_actor_starts_as_a_draft_owned_by_its_contributor(
    contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms)
    assert actor.state == Actor.State.DRAFT and actor.owner == contributor.user
    assert (
        audit_trail("actor", actor.public_id)
        .filter(action="create", actor=contributor.user)
        .exists()
    )
    assert [p.name for p in actor.places.all()] == ["Nairobi"]


def test_submitting_without_themes_countries_or_problems_names_each_missing_field(
    contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, themes=[], countries=[], problems="")
    with pytest.raises(services.IncompleteActor) as caught:
        services.actor_submit(actor=actor, by=contributor.user)
    assert set(caught.value.errors) == {"themes", "countries", "problems"}
    actor.refresh_from_db()
    assert actor.state == Actor.State.DRAFT


def test_the_secretariat_publishes_a_submission_and_it_is_recorded(
    contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    assert actor.state == Actor.State.PUBLISHED and actor.published_at is not None
    actions = list(audit_trail("actor", actor.public_id).values_list("action", flat=True))
    assert actions == ["create", "submit", "publish"]


def test_the_secretariat_reads_an_actors_transitions_in_the_audit_trail(
    contributor: Contributor, terms: dict, staff_client: Client
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    services.actor_withdraw(actor=actor, by=contributor.user, reason="The collective closed.")

    body = staff_client.get(f"/en/staff/queue/audit/actor/{actor.public_id}/").content.decode()

    for action in ("create", "submit", "publish", "withdraw"):
        assert f"<td>{action}</td>" in body
    assert "The collective closed." in body


def test_a_decision_cannot_be_taken_twice(contributor: Contributor, terms: dict) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    with pytest.raises(services.ActorError):
        services.actor_publish(actor=actor, by=publisher())
    with pytest.raises(services.ActorError):
        services.actor_reject(actor=actor, by=publisher(), note="no")


def test_changes_requested_need_a_note_and_return_the_entry_to_its_contributor(
    contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="submitted")
    with pytest.raises(services.ActorError) as caught:
        services.actor_request_changes(actor=actor, by=publisher(), note=" ")
    assert caught.value.field == "note"
    actor = services.actor_request_changes(actor=actor, by=publisher(), note="Add a website.")
    assert actor.state == Actor.State.CHANGES_REQUESTED and actor.decision_note == "Add a website."
    actor = services.actor_update(
        actor=actor, by=contributor.user, content=full_content(terms, name="Maji Safi")
    )
    assert services.actor_submit(actor=actor, by=contributor.user).state == "submitted"


def test_a_rejected_actor_cannot_be_edited_any_more(contributor: Contributor, terms: dict) -> None:
    actor = make_actor(contributor.user, terms, state="submitted")
    actor = services.actor_reject(actor=actor, by=publisher(), note="Not an organisation.")
    assert actor.state == Actor.State.REJECTED
    with pytest.raises(services.ActorError):
        services.actor_update(actor=actor, by=contributor.user, content=full_content(terms))


def test_an_edit_of_a_published_actor_waits_for_validation_and_the_page_keeps_the_old_text(
    contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    actor = services.actor_update(
        actor=actor,
        by=contributor.user,
        content=full_content(terms, problems="A new description of the problems."),
    )
    assert actor.edit_state == Actor.EditState.DRAFT
    assert "ten times more" in public_of(actor).problems
    actor = services.actor_submit(actor=actor, by=contributor.user)
    assert actor.edit_state == Actor.EditState.SUBMITTED
    actor = services.actor_publish(actor=actor, by=publisher())
    assert actor.edit_state == "" and actor.pending_content is None
    assert public_of(actor).problems == "A new description of the problems."


def test_a_rejected_edit_leaves_the_published_actor_as_it_was(
    contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    services.actor_update(actor=actor, by=contributor.user, content=full_content(terms, name="X"))
    actor = services.actor_submit(actor=actor, by=contributor.user)
    actor = services.actor_reject(actor=actor, by=publisher(), note="Keep the real name.")
    assert actor.state == Actor.State.PUBLISHED and actor.name == "Maji Safi Collective"
    assert actor.pending_content is None


def test_keeping_a_field_private_takes_effect_at_once_even_on_a_published_actor(
    contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    services.actor_update(
        actor=actor,
        by=contributor.user,
        content=full_content(terms, restricted_fields=["partnerships"]),
    )
    assert public_of(actor).partnerships == ""


def test_withdrawal_needs_a_reason_and_only_a_published_actor_can_be_withdrawn(
    contributor: Contributor, terms: dict
) -> None:
    draft = make_actor(contributor.user, terms)
    with pytest.raises(services.ActorError):
        services.actor_withdraw(actor=draft, by=contributor.user, reason="Closed.")
    actor = make_actor(contributor.user, terms, state="published", name="Other Org")
    with pytest.raises(services.ActorError) as caught:
        services.actor_withdraw(actor=actor, by=contributor.user, reason="")
    assert caught.value.field == "reason"
    actor = services.actor_withdraw(actor=actor, by=contributor.user, reason="We closed.")
    assert actor.state == Actor.State.WITHDRAWN and actor.withdrawal_reason == "We closed."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Maji Safi Ltd.", "Maji Safi"),
        ("MAJI-SAFI e.V.", "Maji Safi"),
        ("Association Éducation Pour Tous", "Education pour tous ONG"),
        ("Fundación Paraguaya S.A.", "Fundacion Paraguaya"),
    ],
)
def test_legal_forms_accents_and_punctuation_do_not_make_a_second_organisation(
    typed: str, stored: str
) -> None:
    existing = services.actor_find_or_create_draft(name=stored)
    assert match_key(typed) == match_key(stored)
    assert services.actor_find_or_create_draft(name=typed) == existing


def test_a_name_made_only_of_a_legal_form_keeps_its_word() -> None:
    assert match_key("Association") == "association"
    assert match_key("The Ltd") == "the"


def test_a_name_of_a_merged_actor_links_to_the_entry_it_was_merged_into(
    contributor: Contributor, terms: dict
) -> None:
    kept = make_actor(contributor.user, terms, state="published", name="Maji Safi Collective")
    duplicate = services.actor_find_or_create_draft(name="Maji Safi Kenya")
    services.actor_merge(source=duplicate, target=kept, by=publisher(), reason="Same")
    assert services.actor_find_or_create_draft(name="Maji Safi Kenya") == kept
