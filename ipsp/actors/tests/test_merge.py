# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""Merging duplicates: every link follows the merge, nothing is lost, the old address
redirects permanently, and only the secretariat can do it."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.actors import services
from ipsp.actors.models import Actor, ActorClaim, ActorMerge
from ipsp.actors.services import _links_to_actor
from ipsp.actors.tests.conftest import Contributor, make_actor, publisher, sign_in_with_token
from ipsp.initiatives import services as initiative_services
from ipsp.initiatives.models import InitiativeOrganisation
from ipsp.initiatives.tests.conftest import TERMS, make_initiative, make_term
from ipsp.verification.audit import audit_trail

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative_terms(taxonomy: None) -> dict:
    return {vocab: [make_term(vocab, code) for code in codes] for vocab, codes in TERMS.items()}


def every_link(actors: list[Actor]) -> list[tuple[str, int]]:
    """(model.field, row id) of every row that points at one of ``actors``."""
    rows = []
    for model, field in _links_to_actor():
        for pk in model._default_manager.filter(**{f"{field}__in": actors}).values_list(
            "pk", flat=True
        ):
            rows.append((f"{model._meta.label}.{field}", pk))
    return sorted(rows)


def test_a_merge_moves_every_link_and_loses_none(
    contributor: Contributor, other_contributor: Contributor, terms: dict, initiative_terms: dict
) -> None:
    target = make_actor(contributor.user, terms, state="published", name="Maji Safi Collective")
    source = make_actor(other_contributor.user, terms, state="published", name="MSC Kenya")
    # Initiatives naming the duplicate (published and working versions), one naming both.
    named = make_initiative(
        other_contributor.user, initiative_terms, state="published", organisations=[source]
    )
    draft = make_initiative(other_contributor.user, initiative_terms, organisations=[source])
    both = make_initiative(
        contributor.user, initiative_terms, state="published", organisations=[source, target]
    )
    claimed = make_initiative(other_contributor.user, initiative_terms, state="published")
    services.actor_claim_request(actor=source, initiative=claimed, by=other_contributor.user)
    older = services.actor_find_or_create_draft(name="M.S.C. Kenya branch")
    services.actor_merge(source=older, target=source, by=publisher(), reason="Same")

    before = every_link([source, target])
    merge = services.actor_merge(
        source=source, target=target, by=publisher(), reason="Two entries of one organisation"
    )
    after = [row for row in every_link([target]) if row != ("actors.Actor.merged_into", source.pk)]

    assert every_link([source]) == []
    # Every row survives, pointing at the target; only the doubled one (the version that
    # named both) is folded into the link the target already had.
    assert len(after) == len(before) - 1
    for initiative in (named, both):
        version = initiative.published_version
        assert list(version.organisations.values_list("actor", flat=True)) == [target.pk]
    assert draft.pending_version.organisations.get().actor == target
    assert ActorClaim.objects.get(initiative=claimed).actor == target
    older.refresh_from_db()
    assert older.merged_into == target  # a chain of merges ends at the entry that stays
    source.refresh_from_db()
    assert source.state == Actor.State.MERGED and source.merged_into == target
    assert merge.moved["initiatives.InitiativeOrganisation.actor"] == 3
    assert "MSC Kenya" in Actor.objects.get(pk=target.pk).other_names
    assert audit_trail("actor", source.public_id).filter(action="merge").exists()


def test_the_old_address_redirects_permanently_to_the_entry_that_stays(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    target = make_actor(contributor.user, terms, state="published")
    source = make_actor(contributor.user, terms, state="published", name="Duplicate")
    services.actor_merge(source=source, target=target, by=publisher(), reason="Same")
    response = client.get(f"/en/actors/{source.public_id}/")
    assert response.status_code == 301
    assert response["Location"] == f"/en/actors/{target.public_id}/"
    assert not response.cookies


def test_an_actor_cannot_be_merged_into_itself_or_into_a_merged_one(
    contributor: Contributor, terms: dict
) -> None:
    a = make_actor(contributor.user, terms, state="published")
    b = make_actor(contributor.user, terms, state="published", name="B")
    c = make_actor(contributor.user, terms, state="published", name="C")
    with pytest.raises(services.ActorError):
        services.actor_merge(source=a, target=a, by=publisher(), reason="x")
    with pytest.raises(services.ActorError) as caught:
        services.actor_merge(source=a, target=b, by=publisher(), reason="")
    assert caught.value.field == "reason"
    services.actor_merge(source=b, target=c, by=publisher(), reason="x")
    with pytest.raises(services.ActorError):
        services.actor_merge(source=a, target=b, by=publisher(), reason="x")
    assert ActorMerge.objects.count() == 1


def test_the_secretariat_merges_from_its_page(
    staff_client: Client, contributor: Contributor, terms: dict
) -> None:
    target = make_actor(contributor.user, terms, state="published")
    source = make_actor(contributor.user, terms, state="published", name="Duplicate")
    response = staff_client.post(
        "/en/actors/staff/merge/",
        {
            "source": f"https://example.org/en/actors/{source.public_id}/",
            "target": target.public_id,
            "reason": "Same organisation",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.merged_into == target


def test_a_merge_with_an_unknown_address_is_refused_at_the_field(
    staff_client: Client, contributor: Contributor, terms: dict
) -> None:
    target = make_actor(contributor.user, terms, state="published")
    response = staff_client.post(
        "/en/actors/staff/merge/",
        {"source": "not an id", "target": target.public_id, "reason": "x"},
    )
    assert response.status_code == 400
    assert "This is not the address or public id of an organisation." in response.content.decode()


def test_contributors_and_reviewers_cannot_merge(
    client: Client, contributor: Contributor, reviewer: object, terms: dict
) -> None:
    target = make_actor(contributor.user, terms, state="published")
    source = make_actor(contributor.user, terms, state="published", name="Duplicate")
    data = {"source": source.public_id, "target": target.public_id, "reason": "x"}
    sign_in_with_token(client, contributor.token)
    assert client.post("/en/actors/staff/merge/", data).status_code == 403
    client.logout()
    client.force_login(reviewer)
    assert client.post("/en/actors/staff/merge/", data).status_code == 403
    source.refresh_from_db()
    assert source.state == Actor.State.PUBLISHED


def test_an_initiative_edit_still_names_the_merged_actor_by_its_new_entry(
    contributor: Contributor, terms: dict, initiative_terms: dict
) -> None:
    target = make_actor(contributor.user, terms, state="published")
    source = services.actor_find_or_create_draft(name="Typed By Hand")
    initiative = make_initiative(contributor.user, initiative_terms, organisations=[source])
    services.actor_merge(source=source, target=target, by=publisher(), reason="Same")
    initiative.refresh_from_db()
    assert (
        InitiativeOrganisation.objects.filter(version__initiative=initiative).get().actor == target
    )
    initiative_services.initiative_submit(initiative=initiative, by=contributor.user)
