"""Withdrawing an initiative hides its DOIs from DataCite's search ("hide"): they keep
resolving to the tombstone. A withdrawal refused or rolled back leaves them as they were."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from ipsp.identifiers.models import Doi
from ipsp.identifiers.tests.conftest import (  # noqa: F401 - fixtures
    FakeDataCite,
    datacite_credentials,
    fake_datacite,
    no_datacite_credentials,
)
from ipsp.initiatives import services
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.public_helpers import (
    page_url,
    publish,
    publish_new_version,
    publisher,
    visitor,
)
from ipsp.initiatives.tests.test_permissions import sign_in_with_token

pytestmark = pytest.mark.django_db

KERNEL = "{http://datacite.org/schema/kernel-4}"
Capture = Callable[..., Any]


def sent_events(datacite: FakeDataCite) -> dict[str, str]:
    """The event sent for each DOI, by DOI suffix."""
    return {
        request.path.rsplit("/", 1)[1]: request.json()["data"]["attributes"]["event"]
        for request in datacite.requests
    }


def dois_of(initiative: Initiative) -> list[Doi]:
    return list(Doi.objects.filter(target_public_id=initiative.public_id).order_by("pk"))


@pytest.fixture
def published_twice(
    contributor: Any,
    terms: Any,
    datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
) -> Initiative:
    """An initiative with two versions, its three DOIs registered (findable) at DataCite."""
    with django_capture_on_commit_callbacks(execute=True):
        initiative = publish(contributor.user, terms)
    with django_capture_on_commit_callbacks(execute=True):
        initiative = publish_new_version(initiative, terms, title="Solar water kiosks")
    datacite_credentials.requests.clear()
    return initiative


def test_withdrawing_hides_every_doi_of_the_initiative_at_datacite(
    published_twice: Initiative,
    datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
) -> None:
    pid = published_twice.public_id

    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_withdraw(initiative=published_twice, by=publisher(), reason="Ended.")

    assert sent_events(datacite_credentials) == {
        f"ipsp.{pid}": "hide",
        f"ipsp.{pid}.v1": "hide",
        f"ipsp.{pid}.v2": "hide",
    }
    concept = next(r for r in datacite_credentials.requests if r.path.endswith(f"ipsp.{pid}"))
    attributes = concept.json()["data"]["attributes"]
    assert attributes["url"].endswith(f"/initiatives/{pid}/")
    xml = etree.fromstring(base64.b64decode(attributes["xml"]))
    assert xml.findtext(f"{KERNEL}identifier") == f"10.99999/ipsp.{pid}"
    assert xml.findtext(f"{KERNEL}titles/{KERNEL}title") == "Solar water kiosks"
    for doi in dois_of(published_twice):
        assert doi.is_hidden and doi.is_up_to_date, doi.doi
    # the DOI still resolves: the tombstone shows it
    tombstone = visitor().get(page_url(published_twice))
    assert tombstone.status_code == 410
    assert f"10.99999/ipsp.{pid}" in tombstone.content.decode()


def test_without_credentials_a_withdrawal_marks_the_dois_hidden_and_sends_nothing(
    contributor: Any,
    terms: Any,
    no_datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
) -> None:
    initiative = publish(contributor.user, terms)

    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_withdraw(initiative=initiative, by=publisher(), reason="Ended.")

    assert no_datacite_credentials.requests == []
    assert [doi.is_hidden for doi in dois_of(initiative)] == [True, True]


def test_a_withdrawal_rolled_back_leaves_the_dois_untouched_and_sends_nothing(
    published_twice: Initiative,
    datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = [(doi.revision, doi.hidden_at, doi.state) for doi in dois_of(published_twice)]

    def index_down(initiative: Initiative) -> None:
        raise RuntimeError("the search index is down")

    monkeypatch.setattr(services, "search_sync", index_down)  # fails after the DOIs are hidden
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        services.initiative_withdraw(initiative=published_twice, by=publisher(), reason="Ended.")

    assert datacite_credentials.requests == []
    after = [(doi.revision, doi.hidden_at, doi.state) for doi in dois_of(published_twice)]
    assert after == before
    published_twice.refresh_from_db()
    assert published_twice.state == Initiative.State.PUBLISHED


def test_a_refused_withdrawal_leaves_the_dois_findable(
    published_twice: Initiative,
    datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.InitiativeError):
        services.initiative_withdraw(initiative=published_twice, by=publisher(), reason="  ")

    assert datacite_credentials.requests == []
    assert not any(doi.is_hidden for doi in dois_of(published_twice))


def test_another_contributor_cannot_withdraw_and_the_dois_stay_findable(
    client: Client,
    other_contributor: Any,
    published_twice: Initiative,
    datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
) -> None:
    sign_in_with_token(client, other_contributor.token)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/initiatives/{published_twice.public_id}/withdraw/", {"reason": "Hijacked."}
        )

    assert response.status_code == 403
    assert datacite_credentials.requests == []
    assert not any(doi.is_hidden for doi in dois_of(published_twice))
    published_twice.refresh_from_db()
    assert published_twice.state == Initiative.State.PUBLISHED


def test_the_contributor_s_withdrawal_from_the_form_hides_the_dois(
    client: Client,
    contributor: Any,
    published_twice: Initiative,
    datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
) -> None:
    sign_in_with_token(client, contributor.token)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/initiatives/{published_twice.public_id}/withdraw/", {"reason": "We closed."}
        )

    assert response.status_code == 302
    assert set(sent_events(datacite_credentials).values()) == {"hide"}
    assert all(doi.is_hidden for doi in dois_of(published_twice))
