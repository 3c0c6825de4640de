"""Who reaches the flag pages: reviewers and the secretariat flag; visitors are sent to
the staff sign-in, contributors are refused, a secretariat member without the second
factor is sent to give it; only the secretariat sees every flag and withdraws others'."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.accounts.models import User
from ipsp.actors.models import Actor
from ipsp.reviews import services
from ipsp.reviews.models import Flag
from ipsp.reviews.tests.conftest import signed_in
from ipsp.reviews.tests.test_flag_services import add


def flag_url(actor: Actor) -> str:
    return f"/en/reviews/flag/actor/{actor.public_id}/"


FLAG = {"category": "new", "reason": "Founded last year by students."}


@pytest.mark.django_db
def test_a_visitor_is_sent_to_the_staff_sign_in_and_nothing_is_stored(
    client: Client, actor: Actor
) -> None:
    for response in (client.get(flag_url(actor)), client.post(flag_url(actor), FLAG)):
        assert response.status_code == 302
        assert response["Location"].startswith("/en/staff/sign-in/")
    assert client.get("/en/reviews/staff/flags/").status_code == 302
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_a_contributor_is_refused(client: Client, actor: Actor, contributor: object) -> None:
    own = signed_in(contributor.user)  # type: ignore[attr-defined]
    assert own.get(flag_url(actor)).status_code == 403
    assert own.post(flag_url(actor), FLAG).status_code == 403
    assert own.get("/en/reviews/staff/flags/").status_code == 403
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_a_reviewer_flags_through_the_page_and_is_sent_back_to_the_entry(
    reviewer_client: Client, reviewer: User, actor: Actor
) -> None:
    page = reviewer_client.get(flag_url(actor))
    assert page.status_code == 200
    assert "Maji Safi Collective" in page.content.decode()
    response = reviewer_client.post(flag_url(actor), FLAG)
    assert response.status_code == 302
    assert response["Location"] == f"/en/actors/{actor.public_id}/#flag-panel-title"
    flag = Flag.objects.get()
    assert (flag.created_by, flag.category, flag.reason) == (reviewer, "new", FLAG["reason"])


@pytest.mark.django_db
def test_a_secretariat_member_without_the_second_factor_is_sent_to_give_it(
    secretariat: User, actor: Actor
) -> None:
    unverified = signed_in(secretariat)
    response = unverified.post(flag_url(actor), FLAG)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/staff/two-factor/")
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_a_reviewer_cannot_see_the_secretariats_list_nor_withdraw_anothers_flag(
    reviewer_client: Client, other_reviewer: User, actor: Actor
) -> None:
    flag = add(actor, other_reviewer)
    assert reviewer_client.get("/en/reviews/staff/flags/").status_code == 403
    response = reviewer_client.post(f"/en/reviews/flags/{flag.public_id}/withdraw/", {})
    assert response.status_code == 403
    assert Flag.objects.get(pk=flag.pk).is_live


@pytest.mark.django_db
def test_a_reviewer_withdraws_their_own_flag_and_the_secretariat_anyones(
    reviewer_client: Client,
    secretariat_client: Client,
    reviewer: User,
    other_reviewer: User,
    actor: Actor,
) -> None:
    mine = add(actor, reviewer)
    theirs = add(actor, other_reviewer)
    response = reviewer_client.post(f"/en/reviews/flags/{mine.public_id}/withdraw/", {})
    assert response.status_code == 302
    assert not Flag.objects.get(pk=mine.pk).is_live
    response = secretariat_client.post(
        f"/en/reviews/flags/{theirs.public_id}/withdraw/",
        {"note": "Not small any more.", "next": "/en/reviews/staff/flags/"},
    )
    assert response.status_code == 302 and response["Location"] == "/en/reviews/staff/flags/"
    assert Flag.objects.get(pk=theirs.pk).withdrawal_note == "Not small any more."


@pytest.mark.django_db
def test_withdrawing_needs_a_post_and_an_existing_flag(
    reviewer_client: Client, reviewer: User, actor: Actor
) -> None:
    flag = add(actor, reviewer)
    assert reviewer_client.get(f"/en/reviews/flags/{flag.public_id}/withdraw/").status_code == 405
    assert reviewer_client.post("/en/reviews/flags/ABCDEFGH0/withdraw/", {}).status_code == 404
    services.flag_withdraw(flag=flag, by=reviewer)
    again = reviewer_client.post(f"/en/reviews/flags/{flag.public_id}/withdraw/", {})
    assert again.status_code == 400
    assert "This flag has already been withdrawn." in again.content.decode()


@pytest.mark.django_db
def test_an_unknown_kind_or_entry_is_not_found(reviewer_client: Client, actor: Actor) -> None:
    assert reviewer_client.get(f"/en/reviews/flag/event/{actor.public_id}/").status_code == 404
    assert reviewer_client.get("/en/reviews/flag/actor/ABCDEFGH0/").status_code == 404


@pytest.mark.django_db
def test_a_withdrawal_with_a_note_too_long_is_refused_and_the_flag_stays(
    reviewer_client: Client, reviewer: User, actor: Actor
) -> None:
    flag = add(actor, reviewer)
    response = reviewer_client.post(
        f"/en/reviews/flags/{flag.public_id}/withdraw/", {"note": "x" * 1001}
    )
    assert response.status_code == 400
    assert "The flag was not withdrawn" in response.content.decode()
    assert Flag.objects.get(pk=flag.pk).is_live
