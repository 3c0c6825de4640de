"""The secretariat sees DOIs and their state in the admin and retries registration; no one else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import make_staff
from ipsp.accounts import roles
from ipsp.accounts.models import User
from ipsp.identifiers import services
from ipsp.identifiers.models import Doi
from ipsp.identifiers.tests.conftest import FakeDataCite, FakeDirectory
from ipsp.identifiers.tests.records import make_record

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:identifiers_doi_changelist"


def signed_in_with_second_factor(client: Client, user: User) -> Client:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def failed_doi(no_datacite_credentials: FakeDataCite, directory: FakeDirectory) -> Doi:
    doi = directory.reserve_concept(make_record())
    Doi.objects.filter(pk=doi.pk).update(
        state=Doi.State.FAILED, attempts=5, last_error="DataCite answered HTTP 500"
    )
    return doi


def test_the_secretariat_sees_each_doi_with_its_state(
    client: Client, secretariat: User, failed_doi: Doi
) -> None:
    signed_in_with_second_factor(client, secretariat)

    response = client.get(reverse(CHANGELIST), {"state__exact": "failed"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "10.99999/ipsp.7kq2m9xa4" in page
    assert "registration failed" in page
    assert "Retry registration at DataCite" in page


def test_the_secretariat_cannot_edit_or_delete_a_doi(
    client: Client, secretariat: User, failed_doi: Doi
) -> None:
    signed_in_with_second_factor(client, secretariat)

    change = client.post(reverse("admin:identifiers_doi_change", args=[failed_doi.pk]), {})
    delete = client.post(
        reverse("admin:identifiers_doi_delete", args=[failed_doi.pk]), {"post": "yes"}
    )

    assert delete.status_code == 403
    assert change.status_code in (200, 403)
    failed_doi.refresh_from_db()
    assert failed_doi.doi == "10.99999/ipsp.7kq2m9xa4"


def test_the_retry_action_enqueues_registration_again(
    client: Client,
    secretariat: User,
    failed_doi: Doi,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    signed_in_with_second_factor(client, secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(CHANGELIST),
            {"action": "retry_registration", "_selected_action": [failed_doi.pk]},
            follow=True,
        )

    assert "1 DOI queued for registration." in response.content.decode()
    assert [request.path for request in datacite_credentials.requests] == [
        "/dois/10.99999/ipsp.7kq2m9xa4"
    ]
    failed_doi.refresh_from_db()
    assert failed_doi.state == Doi.State.REGISTERED
    assert failed_doi.attempts == 6


def test_retrying_without_credentials_says_so_and_sends_nothing(
    client: Client, secretariat: User, failed_doi: Doi, no_datacite_credentials: FakeDataCite
) -> None:
    signed_in_with_second_factor(client, secretariat)

    response = client.post(
        reverse(CHANGELIST),
        {"action": "retry_registration", "_selected_action": [failed_doi.pk]},
        follow=True,
    )

    assert "credentials are not configured" in response.content.decode()
    assert no_datacite_credentials.requests == []


def test_a_reviewer_cannot_see_the_dois(client: Client, reviewer: User, failed_doi: Doi) -> None:
    client.force_login(reviewer)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code in (302, 403)
    assert b"ipsp.7kq2m9xa4" not in response.content


def test_a_reviewer_cannot_retry_registration(
    client: Client,
    reviewer: User,
    failed_doi: Doi,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.force_login(reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(CHANGELIST),
            {"action": "retry_registration", "_selected_action": [failed_doi.pk]},
        )

    assert datacite_credentials.requests == []
    failed_doi.refresh_from_db()
    assert failed_doi.attempts == 5


def test_staff_without_the_permission_get_a_refusal(client: Client, failed_doi: Doi) -> None:
    council_member = make_staff(roles.COUNCIL, "council.member@example.org")
    client.force_login(council_member)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 403


def test_the_secretariat_sees_the_datacite_document_built_from_the_entry(
    client: Client, secretariat: User, failed_doi: Doi
) -> None:
    signed_in_with_second_factor(client, secretariat)

    response = client.get(reverse("admin:identifiers_doi_change", args=[failed_doi.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Community health workers in rural Senegal" in page
    assert failed_doi.metadata_hash in page


@pytest.fixture
def hidden_doi(no_datacite_credentials: FakeDataCite, directory: FakeDirectory) -> Doi:
    """One entry withdrawn (its DOI hidden), another one still published."""
    directory.reserve_concept(make_record(public_id="3zt8w2pq5"))
    directory.reserve_concept(make_record())
    services.dois_hide(kind="initiative", public_id="7kq2m9xa4")
    return Doi.objects.get(target_public_id="7kq2m9xa4")


def test_the_secretariat_lists_the_dois_hidden_from_datacite_s_search(
    client: Client, secretariat: User, hidden_doi: Doi
) -> None:
    signed_in_with_second_factor(client, secretariat)

    hidden = client.get(reverse(CHANGELIST), {"hidden": "yes"}).content.decode()
    shown = client.get(reverse(CHANGELIST), {"hidden": "no"}).content.decode()

    assert "10.99999/ipsp.7kq2m9xa4" in hidden and "ipsp.3zt8w2pq5" not in hidden
    assert "10.99999/ipsp.3zt8w2pq5" in shown and "ipsp.7kq2m9xa4" not in shown
    assert "hidden from DataCite&#x27;s search" in hidden
    assert "hidden (entry withdrawn)" in hidden


def test_the_hidden_filter_and_column_are_translated(
    client: Client, secretariat: User, hidden_doi: Doi
) -> None:
    signed_in_with_second_factor(client, secretariat)

    page = client.get(
        reverse(CHANGELIST), {"hidden": "yes"}, headers={"Accept-Language": "fr"}
    ).content.decode()

    assert "hidden (entry withdrawn)" not in page
    assert "masqué" in page.lower()
