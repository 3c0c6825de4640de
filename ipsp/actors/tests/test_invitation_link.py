"""The invitee's one-time link: who invites and why, no cookie until accepting, accept (a
token shown once, signed in, the pre-filled entry is theirs) or decline; a used, expired,
forged or other invitation's link claims nothing and shows a clear page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from ipsp.accounts.models import AccessToken, User
from ipsp.actors.models import Actor, Invitation
from ipsp.actors.tests.conftest import Contributor, sign_in_with_token
from ipsp.actors.tests.outreach_helpers import invite_with_link
from ipsp.core import formtokens
from ipsp.verification.audit import audit_trail

pytestmark = pytest.mark.django_db
State = Invitation.State


@pytest.fixture
def invited(secretariat: User, django_capture_on_commit_callbacks: Any) -> tuple[Invitation, str]:
    return invite_with_link(secretariat, django_capture_on_commit_callbacks)


def accept_data(**overrides: str) -> dict[str, str]:
    data = {
        "form_token": formtokens.issue("actor_invitation_accept"),
        "accept": "1",
        "contact_email": "",
    }
    data.update(overrides)
    return data


def test_the_link_shows_who_invites_and_why_and_sets_no_cookie(
    client: Client, invited: tuple[Invitation, str]
) -> None:
    invitation, link = invited
    response = client.get(link)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kibera Water Women" in text
    assert "Named by three initiatives on clean water in Nairobi." in text
    assert "secretariat of the International Platform for Social Progress" in text
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    invitation.refresh_from_db()
    assert invitation.state == State.OPENED and invitation.opened_at is not None


def test_accepting_claims_the_entry_shows_the_token_once_and_signs_in(
    client: Client, invited: tuple[Invitation, str], django_capture_on_commit_callbacks: Any
) -> None:
    invitation, link = invited
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            link,
            accept_data(contact_email="wanjiru@kww.example.org", contact_consent="on"),
        )
    assert response.status_code == 200
    assert response.cookies.get(settings.SESSION_COOKIE_NAME)
    invitation.refresh_from_db()
    actor = Actor.objects.get(pk=invitation.actor_id)
    assert invitation.state == State.CLAIMED
    assert actor.owner_id == invitation.claimed_by_id
    owner = actor.owner
    assert owner is not None
    assert owner.contact_email == "wanjiru@kww.example.org"
    assert AccessToken.objects.filter(user=owner).count() == 1
    raw = response.context["token_once"]["raw"]
    assert raw in response.content.decode()
    # the answer is the entry's edit form, pre-filled, posting to the edit page
    assert response.context["form"].initial["name"] == "Kibera Water Women"
    assert f'action="/en/actors/{actor.public_id}/edit/"' in response.content.decode()
    assert [m.to for m in mail.outbox] == [["wanjiru@kww.example.org"]]  # the token, emailed
    edit = client.get(f"/en/actors/{actor.public_id}/edit/")
    assert edit.status_code == 200
    assert edit.context["form"].initial["name"] == "Kibera Water Women"
    assert audit_trail("actor", actor.public_id).filter(action="claimed_by_invitation").exists()


def test_a_reused_link_shows_a_clear_page_and_claims_nothing(
    client: Client, invited: tuple[Invitation, str]
) -> None:
    invitation, link = invited
    client.post(link, accept_data())
    first_owner = Actor.objects.get(pk=invitation.actor_id).owner_id
    other = Client()
    response = other.post(link, accept_data())
    assert response.status_code == 410
    assert "already accepted" in response.content.decode()
    assert not response.cookies
    assert Actor.objects.get(pk=invitation.actor_id).owner_id == first_owner
    assert User.objects.filter(groups__name="contributor").count() == 1
    assert other.get(link).status_code == 410


def test_a_forged_or_truncated_link_is_unknown(client: Client, invited: Any) -> None:
    _invitation, link = invited
    for bad in (link[:-2] + "xx/", "/en/actors/invitation/short/", link[:-5] + "/"):
        response = client.get(bad)
        assert response.status_code == 404
        assert "We do not know this link" in response.content.decode()
        assert client.post(bad, accept_data()).status_code == 404
    assert Invitation.objects.get().state == State.SENT


def test_an_expired_link_claims_nothing(client: Client, invited: tuple[Invitation, str]) -> None:
    invitation, link = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(link, accept_data())
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert Actor.objects.get(pk=invitation.actor_id).owner_id is None


def test_a_link_claims_only_its_own_invitation(
    client: Client, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    first, first_link = invite_with_link(secretariat, django_capture_on_commit_callbacks)
    second, _second_link = invite_with_link(
        secretariat,
        django_capture_on_commit_callbacks,
        organisation_name="Lagos Food Bank",
        contact_email="ade@lfb.example.org",
    )
    client.post(first_link, accept_data())
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == State.CLAIMED and second.state == State.SENT
    assert Actor.objects.get(pk=second.actor_id).owner_id is None
    user = first.claimed_by
    assert user is not None
    # the new contributor cannot edit the other invited organisation
    assert client.get(f"/en/actors/{second.actor.public_id}/edit/").status_code == 403
    assert user.pk == Actor.objects.get(pk=first.actor_id).owner_id


def test_declining_with_a_reason_ends_the_invitation_without_a_cookie(
    client: Client, invited: tuple[Invitation, str]
) -> None:
    invitation, link = invited
    response = client.post(
        link,
        {
            "form_token": formtokens.issue("actor_invitation_decline"),
            "decline": "1",
            "reason": "We are winding down.",
        },
    )
    assert response.status_code == 200
    assert "will not write to you again" in response.content.decode()
    assert not response.cookies
    invitation.refresh_from_db()
    assert invitation.state == State.DECLINED
    assert invitation.decline_reason == "We are winding down."
    assert client.post(link, accept_data()).status_code == 410
    assert Actor.objects.get(pk=invitation.actor_id).owner_id is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"contact_email": "not an address", "contact_consent": "on"}, "contact_email"),
        ({"contact_email": "a@example.org"}, "contact_consent"),
        ({"form_token": "forged"}, "form_token"),
    ],
)
def test_bad_input_when_accepting_is_refused_and_nothing_is_claimed(
    client: Client, invited: tuple[Invitation, str], data: dict[str, str], field: str
) -> None:
    invitation, link = invited
    response = client.post(link, accept_data(**data))
    assert response.status_code == 200  # shown again with its errors
    assert response.context["accept_form"].errors[field]
    assert not response.cookies
    invitation.refresh_from_db()
    assert invitation.state == State.OPENED or invitation.state == State.SENT
    assert User.objects.filter(groups__name="contributor").count() == 0


def test_a_decline_reason_too_long_is_refused(
    client: Client, invited: tuple[Invitation, str]
) -> None:
    invitation, link = invited
    response = client.post(
        link,
        {
            "form_token": formtokens.issue("actor_invitation_decline"),
            "decline": "1",
            "reason": "x" * 1001,
        },
    )
    assert response.status_code == 200
    assert response.context["decline_form"].errors["reason"]
    invitation.refresh_from_db()
    assert invitation.state in Invitation.OPEN


def test_a_signed_in_contributor_accepts_on_their_own_token(
    client: Client, contributor: Contributor, invited: tuple[Invitation, str]
) -> None:
    invitation, link = invited
    sign_in_with_token(client, contributor.token)
    response = client.post(link, accept_data())
    invitation.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/en/actors/{invitation.actor.public_id}/edit/"
    assert Actor.objects.get(pk=invitation.actor_id).owner_id == contributor.user.pk
    assert AccessToken.objects.count() == 1


def test_staff_cannot_accept_an_invitation(
    client: Client, secretariat: User, invited: tuple[Invitation, str]
) -> None:
    invitation, link = invited
    client.force_login(secretariat)
    assert client.post(link, accept_data()).status_code == 403
    invitation.refresh_from_db()
    assert invitation.state == State.SENT
