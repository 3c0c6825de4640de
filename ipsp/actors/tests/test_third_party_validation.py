"""Third-party validation: the secretariat asks a validator, who confirms or not once through
a one-time link; a confirmation is a dated badge on the public page, a refusal and the
comment stay with the secretariat; forbidden paths and bad input are refused."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ipsp.accounts.models import User
from ipsp.actors import validation
from ipsp.actors.models import ThirdPartyValidation
from ipsp.actors.tests.conftest import Contributor, make_actor, sign_in_with_token
from ipsp.actors.tests.outreach_helpers import links_in_outbox
from ipsp.core import formtokens
from ipsp.verification.audit import audit_trail
from ipsp.verification.models import AuditEntry

pytestmark = pytest.mark.django_db
State = ThirdPartyValidation.State


@pytest.fixture
def published(contributor: Contributor, terms: dict) -> Any:
    return make_actor(
        contributor.user,
        terms,
        state="published",
        partnerships="Secret deal.",
        restricted_fields=["partnerships"],
    )


def ask(actor: Any, by: User, capture: Any, **overrides: Any) -> tuple[ThirdPartyValidation, str]:
    values: dict[str, Any] = {
        "validator_name": "Chidi Okafor",
        "validator_email": "chidi@partner.example.org",
        "validator_organisation": "Partner Network",
    }
    values.update(overrides)
    with capture(execute=True):
        found = validation.validation_request(actor=actor, by=by, **values)
    return found, links_in_outbox()[-1]


def answer(outcome: str = "confirm", comment: str = "") -> dict[str, str]:
    return {
        "form_token": formtokens.issue("actor_validation_answer"),
        "outcome": outcome,
        "comment": comment,
    }


def test_the_validator_sees_the_public_summary_without_a_cookie(
    client: Client, published: Any, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    _found, link = ask(published, secretariat, django_capture_on_commit_callbacks)
    response = client.get(link)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Maji Safi Collective" in text and "ten times more for water" in text
    assert "Secret deal." not in text  # kept for the secretariat only
    assert not response.cookies


def test_a_confirmation_is_recorded_and_shows_as_a_dated_badge(
    client: Client, published: Any, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    found, link = ask(published, secretariat, django_capture_on_commit_callbacks)
    before = client.get(f"/en/actors/{published.public_id}/").content.decode()
    assert "independent validator" not in before
    response = client.post(link, answer("confirm", "I visited their kiosks last year."))
    assert response.status_code == 200 and not response.cookies
    found.refresh_from_db()
    assert found.state == State.CONFIRMED and found.answered_at is not None
    event = audit_trail("actor", published.public_id).get(action="third_party_confirmed")
    assert "Chidi Okafor" in event.note and "visited their kiosks" in event.note
    page = client.get(f"/en/actors/{published.public_id}/").content.decode()
    assert "Confirmed by an independent validator on" in page
    assert "visited their kiosks" not in page and "Chidi" not in page


def test_a_refusal_is_for_the_secretariat_only(
    client: Client,
    staff_client: Client,
    published: Any,
    secretariat: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    found, link = ask(published, secretariat, django_capture_on_commit_callbacks)
    client.post(link, answer("refuse", "Never heard of them."))
    found.refresh_from_db()
    assert found.state == State.REFUSED
    assert audit_trail("actor", published.public_id).filter(action="third_party_refused").exists()
    page = client.get(f"/en/actors/{published.public_id}/").content.decode()
    assert "independent validator" not in page and "Never heard" not in page
    staff = staff_client.get("/en/actors/staff/validations/").content.decode()
    assert 'data-state="refused"' in staff and "Never heard of them." in staff


def test_a_reused_link_records_nothing_twice(
    client: Client, published: Any, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    found, link = ask(published, secretariat, django_capture_on_commit_callbacks)
    client.post(link, answer("confirm"))
    response = client.post(link, answer("refuse", "changed my mind"))
    assert response.status_code == 410
    assert "already answered" in response.content.decode()
    found.refresh_from_db()
    assert found.state == State.CONFIRMED and found.comment == ""
    assert (
        audit_trail("actor", published.public_id).filter(action__startswith="third_party").count()
        == 1
    )
    assert client.get(link).status_code == 410


def test_forged_expired_and_cancelled_links_record_nothing(
    client: Client,
    staff_client: Client,
    published: Any,
    secretariat: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    found, link = ask(published, secretariat, django_capture_on_commit_callbacks)
    assert client.post(link[:-3] + "ab/", answer()).status_code == 404
    ThirdPartyValidation.objects.filter(pk=found.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.post(link, answer()).status_code == 410
    second, second_link = ask(published, secretariat, django_capture_on_commit_callbacks)
    response = staff_client.post(f"/en/actors/staff/validations/{second.public_id}/cancel/")
    assert response.status_code == 302
    assert client.post(second_link, answer()).status_code == 410
    assert staff_client.post(f"/en/actors/staff/validations/{second.public_id}/cancel/")[
        "Location"
    ].endswith("cancel=already")
    states = set(ThirdPartyValidation.objects.values_list("state", flat=True))
    assert states == {State.PENDING, State.CANCELLED}
    assert not AuditEntry.objects.filter(kind="actor", action__startswith="third_party").exists()


def test_an_answer_without_outcome_is_refused_at_its_field(
    client: Client, published: Any, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    found, link = ask(published, secretariat, django_capture_on_commit_callbacks)
    response = client.post(link, answer(outcome=""))
    assert response.status_code == 200  # shown again with its errors
    assert response.context["form"].errors["outcome"]
    response = client.post(link, answer(outcome="maybe"))
    assert response.status_code == 200 and response.context["form"].errors["outcome"]
    response = client.post(link, answer(comment="x" * 2001))
    assert response.status_code == 200 and response.context["form"].errors["comment"]
    found.refresh_from_db()
    assert found.state == State.PENDING


def test_the_secretariat_requests_a_validation_from_a_partner_or_a_reviewer(
    staff_client: Client, published: Any, reviewer: User
) -> None:
    url = f"/en/actors/staff/{published.public_id}/validate/"
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "validator_name": "Chidi Okafor",
            "validator_email": "chidi@partner.example.org",
            "validator_organisation": "Partner Network",
            "language": "en",
        },
    )
    assert response.status_code == 302
    response = staff_client.post(url, {"reviewer": str(reviewer.pk), "language": "en"})
    assert response.status_code == 302
    by_reviewer = ThirdPartyValidation.objects.get(validator_user=reviewer)
    assert by_reviewer.validator_email == reviewer.email
    pending = staff_client.get("/en/actors/staff/validations/")
    assert len(pending.context["pending"]) == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"validator_email": "chidi@partner.example.org"}, "validator_name"),
        ({"validator_name": "Chidi"}, "validator_email"),
        ({"validator_name": "Chidi", "validator_email": "chidi@"}, "validator_email"),
        ({"reviewer": "999999"}, "reviewer"),
    ],
)
def test_bad_input_on_the_request_form_is_refused(
    staff_client: Client, published: Any, data: dict[str, str], field: str
) -> None:
    response = staff_client.post(
        f"/en/actors/staff/{published.public_id}/validate/", {"language": "en", **data}
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not ThirdPartyValidation.objects.exists()


def test_nobody_but_the_secretariat_requests_or_cancels_validations(
    client: Client,
    contributor: Contributor,
    reviewer: User,
    published: Any,
    secretariat: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    found, _link = ask(published, secretariat, django_capture_on_commit_callbacks)
    request_url = f"/en/actors/staff/{published.public_id}/validate/"
    cancel_url = f"/en/actors/staff/validations/{found.public_id}/cancel/"
    data = {"validator_name": "X", "validator_email": "x@example.org", "language": "en"}
    # visitors
    assert client.post(request_url, data).status_code == 302
    assert client.post(cancel_url).status_code == 302
    assert client.get("/en/actors/staff/validations/").status_code == 302
    # the organisation's own contributor
    sign_in_with_token(client, contributor.token)
    assert client.post(request_url, data).status_code == 403
    assert client.post(cancel_url).status_code == 403
    # a reviewer
    client.force_login(reviewer)
    assert client.post(request_url, data).status_code == 403
    assert client.post(cancel_url).status_code == 403
    assert ThirdPartyValidation.objects.get().state == State.PENDING
    assert ThirdPartyValidation.objects.count() == 1


def test_an_organisation_not_yet_published_can_be_confirmed_but_shows_no_badge_yet(
    client: Client,
    contributor: Contributor,
    terms: dict,
    secretariat: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    submitted = make_actor(contributor.user, terms, state="submitted")
    found, link = ask(submitted, secretariat, django_capture_on_commit_callbacks)
    page = client.get(link)
    assert page.status_code == 200 and "Maji Safi Collective" in page.content.decode()
    client.post(link, answer("confirm"))
    found.refresh_from_db()
    assert found.state == State.CONFIRMED
    assert validation.confirmed_validation(submitted.public_id) is None  # not published yet
