"""The secretariat's invitation pages: who may reach them, the list with its state filter
and counts, the create form (with the check for existing entries) and the detail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from ipsp.accounts.models import User
from ipsp.actors import invitations
from ipsp.actors.models import Actor, Invitation, InvitationPolicy
from ipsp.actors.tests.conftest import Contributor, sign_in_with_token
from ipsp.actors.tests.outreach_helpers import invite

pytestmark = pytest.mark.django_db
LIST = "/en/actors/staff/invitations/"
NEW = "/en/actors/staff/invitations/new/"


def form(**overrides: str) -> dict[str, str]:
    data = {
        "organisation_name": "Kibera Water Women",
        "website": "https://kww.example.org/",
        "contact_name": "Wanjiru Kamau",
        "contact_email": "wanjiru@kww.example.org",
        "reason": "Named by three initiatives.",
        "language": "fr",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", [LIST, NEW])
def test_visitors_are_sent_to_the_staff_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302 and "/staff/sign-in/" in response["Location"]
    assert client.post(NEW, form()).status_code == 302
    assert Invitation.objects.count() == 0


def test_contributors_and_reviewers_cannot_create_invitations(
    client: Client, contributor: Contributor, reviewer: User
) -> None:
    sign_in_with_token(client, contributor.token)
    assert client.post(NEW, form()).status_code == 403
    assert client.get(LIST).status_code == 403
    client.force_login(reviewer)
    assert client.post(NEW, form()).status_code == 403
    assert client.get(LIST).status_code == 403
    assert Invitation.objects.count() == 0


def test_the_secretariat_without_second_factor_is_sent_to_confirm_it(
    client: Client, secretariat: User
) -> None:
    client.force_login(secretariat)
    response = client.post(NEW, form())
    assert response.status_code == 302 and "two-factor" in response["Location"]
    assert Invitation.objects.count() == 0


def test_the_secretariat_creates_an_invitation_and_sees_it_in_the_list(
    staff_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(NEW, form())
    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(f"/en/actors/staff/invitations/{invitation.public_id}/")
    assert invitation.language == "fr" and invitation.actor.name == "Kibera Water Women"
    assert [m.to for m in mail.outbox] == [["wanjiru@kww.example.org"]]
    page = staff_client.get(LIST).content.decode()
    assert "Kibera Water Women" in page and 'data-state="sent"' in page
    detail = staff_client.get(response["Location"]).content.decode()
    assert 'data-action="created"' in detail and 'data-action="sent"' in detail


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("contact_email", {"contact_email": "wanjiru@"}),
        ("organisation_name", {"organisation_name": ""}),
        ("reason", {"reason": ""}),
        ("website", {"website": "ftp://kww.example.org"}),
        ("language", {"language": "tlh"}),
    ],
)
def test_bad_input_is_shown_at_its_field_and_nothing_is_stored(
    staff_client: Client, field: str, overrides: dict[str, str]
) -> None:
    response = staff_client.post(NEW, form(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Invitation.objects.count() == 0 and Actor.objects.count() == 0
    assert mail.outbox == []


def test_an_address_that_declined_is_refused_at_the_email_field(
    staff_client: Client, secretariat: User
) -> None:
    earlier = invite(secretariat, organisation_name="Earlier name")
    invitations.invitation_decline(invitation=earlier)
    response = staff_client.post(NEW, form())
    assert response.status_code == 400
    assert "not invited again" in str(response.context["form"].errors["contact_email"])
    assert Invitation.objects.count() == 1


def test_an_existing_entry_is_offered_before_a_second_one_is_created(
    staff_client: Client,
) -> None:
    existing = Actor.objects.create(name="Kibera Water Women Ltd")
    response = staff_client.post(NEW, form())
    assert response.status_code == 400
    assert existing.public_id in response.content.decode()
    assert Invitation.objects.count() == 0
    response = staff_client.post(NEW, form(actor=existing.public_id))
    assert response.status_code == 302
    assert Invitation.objects.get().actor_id == existing.pk
    assert Actor.objects.count() == 1


def test_choosing_a_new_entry_creates_one_despite_a_similar_name(staff_client: Client) -> None:
    Actor.objects.create(name="Kibera Water Women Ltd")
    response = staff_client.post(NEW, form(actor="new"))
    assert response.status_code == 302
    assert Actor.objects.count() == 2


def test_the_list_filters_by_state_and_counts_each(staff_client: Client, secretariat: User) -> None:
    invite(secretariat)
    declined = invite(secretariat, organisation_name="Other", contact_email="o@o.example.org")
    invitations.invitation_decline(invitation=declined)
    response = staff_client.get(LIST + "?state=declined")
    assert [i.pk for i in response.context["invitations"]] == [declined.pk]
    counts = {value: count for value, _label, count in response.context["states"]}
    assert counts["declined"] == 1 and counts["sent"] == 1 and response.context["total"] == 2
    everything = staff_client.get(LIST + "?state=nonsense")
    assert len(everything.context["invitations"]) == 2


def test_the_secretariat_sets_the_retention_period(staff_client: Client) -> None:
    assert staff_client.post(LIST, {"retention_days": "0"}).status_code == 400
    assert staff_client.post(LIST, {"retention_days": "abc"}).status_code == 400
    assert not InvitationPolicy.objects.exists()
    assert staff_client.post(LIST, {"retention_days": "60"}).status_code == 302
    assert invitations.retention_days() == 60


def test_the_secretariat_marks_an_invitation_bounced(
    staff_client: Client, secretariat: User
) -> None:
    invitation = invite(secretariat)
    url = f"/en/actors/staff/invitations/{invitation.public_id}/"
    response = staff_client.post(url, {"note": "Mailbox does not exist"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.BOUNCED
    assert invitations.is_blocked("wanjiru@kww.example.org")
    again = staff_client.post(url, {"note": ""})
    assert again.status_code == 400


def test_an_unknown_invitation_is_not_found(staff_client: Client) -> None:
    assert staff_client.get("/en/actors/staff/invitations/00000000/").status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(
    staff_client: Client, secretariat: User, django_assert_max_num_queries: Any
) -> None:
    for number in range(3):
        invite(secretariat, organisation_name=f"Org {number}", contact_email=f"o{number}@x.org")
    with django_assert_max_num_queries(20) as few:
        staff_client.get(LIST)
    for number in range(3, 12):
        invite(secretariat, organisation_name=f"Org {number}", contact_email=f"o{number}@x.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(LIST)


def test_the_staff_home_links_to_invitations_and_validations(staff_client: Client) -> None:
    page = staff_client.get("/en/staff/").content.decode()
    assert "/en/actors/staff/invitations/" in page and "/en/actors/staff/validations/" in page
