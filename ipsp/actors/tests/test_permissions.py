# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""Only the actor's contributor (signed in with a token) or the secretariat may change it;
each forbidden path is tried."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.accounts.models import User
from ipsp.accounts.tokens import token_revoke
from ipsp.actors.models import Actor
from ipsp.actors.tests.conftest import Contributor, make_actor, sign_in_with_token
from ipsp.actors.tests.helpers import form_data

pytestmark = pytest.mark.django_db

PAGES = ("edit", "withdraw", "initiatives")


def url(actor: Actor, page: str) -> str:
    return f"/en/actors/{actor.public_id}/{page}/"


def test_the_owner_signed_in_with_the_token_can_edit(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms)
    sign_in_with_token(client, contributor.token)
    response = client.get(url(actor, "edit"))
    assert response.status_code == 200 and "Maji Safi Collective" in response.content.decode()
    response = client.post(url(actor, "edit"), form_data(public=False, name="Maji Safi", save="1"))
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.name == "Maji Safi"


def test_a_visitor_is_sent_to_the_token_sign_in_without_a_cookie(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms)
    for page in PAGES:
        response = client.get(url(actor, page))
        assert response.status_code == 302 and "/my/sign-in/" in response["Location"]
        assert not response.cookies
    response = client.post(url(actor, "submit"))
    assert response.status_code == 302 and "/my/sign-in/" in response["Location"]


def test_another_contributor_cannot_edit_submit_withdraw_or_claim(
    client: Client, contributor: Contributor, other_contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms)
    sign_in_with_token(client, other_contributor.token)
    for page in PAGES:
        assert client.get(url(actor, page)).status_code == 403
    assert (
        client.post(url(actor, "edit"), form_data(public=False, name="Hijacked")).status_code == 403
    )
    assert client.post(url(actor, "submit")).status_code == 403
    assert client.post(url(actor, "initiatives"), {"initiative": "x"}).status_code == 403
    actor.refresh_from_db()
    assert actor.name == "Maji Safi Collective" and actor.state == Actor.State.DRAFT


def test_a_revoked_token_cannot_sign_in_to_edit(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms)
    for token in contributor.user.access_tokens.all():
        token_revoke(token=token)
    sign_in_with_token(client, contributor.token)
    response = client.get(url(actor, "edit"))
    assert response.status_code == 302 and "/my/sign-in/" in response["Location"]


def test_a_reviewer_cannot_edit_nor_reach_the_staff_page(
    client: Client, contributor: Contributor, reviewer: User, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms)
    client.force_login(reviewer)
    assert client.get(url(actor, "edit")).status_code == 403
    assert client.get("/en/actors/staff/").status_code == 403


def test_a_contributor_cannot_reach_the_staff_page(
    client: Client, contributor: Contributor
) -> None:
    sign_in_with_token(client, contributor.token)
    assert client.get("/en/actors/staff/").status_code == 403


def test_the_secretariat_can_edit_any_actor(
    staff_client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms)
    assert staff_client.get(url(actor, "edit")).status_code == 200
    assert staff_client.get("/en/actors/staff/").status_code == 200


def test_a_draft_created_from_an_initiative_without_owner_is_edited_by_nobody_but_staff(
    client: Client, contributor: Contributor
) -> None:
    from ipsp.actors.services import actor_find_or_create_draft

    actor = actor_find_or_create_draft(name="Orphan Org")
    sign_in_with_token(client, contributor.token)
    assert client.get(url(actor, "edit")).status_code == 403


def test_a_submitted_actor_cannot_be_changed_by_its_owner_until_decided(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="submitted")
    sign_in_with_token(client, contributor.token)
    response = client.post(url(actor, "edit"), form_data(public=False, name="Changed", save="1"))
    assert response.status_code == 403
    actor.refresh_from_db()
    assert actor.name == "Maji Safi Collective"
