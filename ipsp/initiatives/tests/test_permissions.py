# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""Only the initiative's contributor (signed in with a token) or the secretariat may edit it."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.accounts.models import User
from ipsp.accounts.tokens import token_revoke
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import Contributor, make_initiative

pytestmark = pytest.mark.django_db


def sign_in_with_token(client: Client, raw: str) -> None:
    from ipsp.core import formtokens

    client.post(
        "/en/my/sign-in/", {"form_token": formtokens.issue("token_sign_in"), "access_token": raw}
    )


def edit_url(initiative: Initiative, page: str = "edit") -> str:
    return f"/en/initiatives/{initiative.public_id}/{page}/"


def test_the_owner_signed_in_with_the_token_can_edit(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms)
    sign_in_with_token(client, contributor.token)
    response = client.get(edit_url(initiative))
    assert response.status_code == 200
    assert "Community water kiosks" in response.content.decode()


def test_a_visitor_is_sent_to_the_token_sign_in(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms)
    for page in ("edit", "preview", "withdraw"):
        response = client.get(edit_url(initiative, page))
        assert response.status_code == 302
        assert "/my/sign-in/" in response["Location"]
    response = client.post(edit_url(initiative, "submit"))
    assert response.status_code == 302 and "/my/sign-in/" in response["Location"]
    assert not response.cookies


def test_another_contributors_token_cannot_edit(
    client: Client, contributor: Contributor, other_contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms)
    sign_in_with_token(client, other_contributor.token)
    for page in ("edit", "preview", "withdraw"):
        assert client.get(edit_url(initiative, page)).status_code == 403
    assert client.post(edit_url(initiative), {"title": "Hijacked"}).status_code == 403
    assert client.post(edit_url(initiative, "submit")).status_code == 403
    assert client.post(edit_url(initiative, "confirm-current")).status_code == 403
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.DRAFT
    assert initiative.pending_version.title == "Community water kiosks"


def test_a_revoked_token_cannot_sign_in_to_edit(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms)
    for token in contributor.user.access_tokens.all():
        token_revoke(token=token)
    sign_in_with_token(client, contributor.token)
    response = client.get(edit_url(initiative))
    assert response.status_code == 302 and "/my/sign-in/" in response["Location"]


def test_a_reviewer_cannot_edit(
    client: Client, contributor: Contributor, reviewer: User, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms)
    client.force_login(reviewer)
    assert client.get(edit_url(initiative)).status_code == 403
    assert client.post(edit_url(initiative, "submit")).status_code == 403


def test_a_reviewer_cannot_see_the_staff_queue_or_decide(
    client: Client, contributor: Contributor, reviewer: User, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    client.force_login(reviewer)
    assert client.get("/en/initiatives/staff/queue/").status_code == 403
    response = client.post(
        f"/en/initiatives/staff/{initiative.public_id}/decide/", {"decision": "publish"}
    )
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.SUBMITTED


def test_a_contributor_cannot_publish_their_own_initiative(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    sign_in_with_token(client, contributor.token)
    response = client.post(
        f"/en/initiatives/staff/{initiative.public_id}/decide/", {"decision": "publish"}
    )
    assert response.status_code in (302, 403)
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.SUBMITTED


def test_an_unknown_initiative_is_not_found(client: Client, contributor: Contributor) -> None:
    sign_in_with_token(client, contributor.token)
    assert client.get("/en/initiatives/0000000000/edit/").status_code == 404
