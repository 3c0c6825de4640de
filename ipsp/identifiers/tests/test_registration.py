"""Registration at DataCite runs in a background task, only with credentials, retried on failure."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from ipsp.identifiers import services
from ipsp.identifiers.models import Doi
from ipsp.identifiers.tests.conftest import FakeDataCite
from ipsp.identifiers.tests.records import make_record

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def publish(capture: Capture, **concept: Any) -> tuple[Doi, Doi]:
    with capture(execute=True):
        concept_doi, version_doi = services.dois_publish(
            concept=make_record(**concept), version=make_record(version=1)
        )
    concept_doi.refresh_from_db()
    version_doi.refresh_from_db()
    return concept_doi, version_doi


def test_without_credentials_nothing_is_sent_and_the_doi_stays_reserved(
    no_datacite_credentials: FakeDataCite, django_capture_on_commit_callbacks: Capture
) -> None:
    concept, version = publish(django_capture_on_commit_callbacks)

    services.doi_send(doi_id=concept.pk)

    assert no_datacite_credentials.requests == []
    concept.refresh_from_db()
    assert concept.state == version.state == Doi.State.RESERVED
    assert concept.attempts == 0
    assert not concept.is_registered


def test_with_credentials_both_dois_are_registered_with_their_xml_and_url(
    datacite_credentials: FakeDataCite, django_capture_on_commit_callbacks: Capture
) -> None:
    concept, version = publish(django_capture_on_commit_callbacks)

    assert concept.state == version.state == Doi.State.REGISTERED
    assert concept.is_registered and concept.is_up_to_date
    assert concept.attempts == 1
    paths = sorted(request.path for request in datacite_credentials.requests)
    assert paths == ["/dois/10.99999/ipsp.7kq2m9xa4", "/dois/10.99999/ipsp.7kq2m9xa4.v1"]
    request = next(r for r in datacite_credentials.requests if r.path.endswith("xa4"))
    expected = base64.b64encode(b"IPSP.TEST:s3cret-test-password").decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    attributes = request.json()["data"]["attributes"]
    assert attributes["event"] == "publish"
    assert attributes["url"] == "https://ipsp.example.org/en/initiatives/7kq2m9xa4/"
    xml = etree.fromstring(base64.b64decode(attributes["xml"]))
    assert xml.findtext("{http://datacite.org/schema/kernel-4}identifier") == concept.doi


def test_a_server_error_marks_the_doi_failed_counts_attempts_and_retries_until_the_limit(
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    settings.TASK_MAX_ATTEMPTS = 3
    datacite_credentials.answer(500)

    concept, version = publish(django_capture_on_commit_callbacks)

    assert concept.state == version.state == Doi.State.FAILED
    assert concept.attempts == version.attempts == 3
    assert "HTTP 500" in concept.last_error
    assert not concept.is_registered
    assert len(datacite_credentials.requests) == 6


def test_a_failure_followed_by_success_ends_registered_after_the_retry(
    datacite_credentials: FakeDataCite, django_capture_on_commit_callbacks: Capture
) -> None:
    datacite_credentials.answer(500, 201)

    with django_capture_on_commit_callbacks(execute=True):
        doi = services.doi_reserve_concept(make_record())
    doi.refresh_from_db()

    assert doi.state == Doi.State.REGISTERED
    assert doi.attempts == 2
    assert doi.last_error == ""
    assert len(datacite_credentials.requests) == 2


def test_an_unreachable_datacite_is_a_failure_that_names_the_cause(
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    settings.TASK_MAX_ATTEMPTS = 1
    settings.DATACITE_API_URL = "http://127.0.0.1:9"  # discard port: nobody listens

    with django_capture_on_commit_callbacks(execute=True):
        doi = services.doi_reserve_concept(make_record())
    doi.refresh_from_db()

    assert doi.state == Doi.State.FAILED
    assert "could not be reached" in doi.last_error


def test_a_new_version_updates_the_registered_concept_doi_at_datacite(
    datacite_credentials: FakeDataCite, django_capture_on_commit_callbacks: Capture
) -> None:
    publish(django_capture_on_commit_callbacks)
    datacite_credentials.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.dois_publish(
            concept=make_record(title="Renamed"), version=make_record(version=2, title="Renamed")
        )

    sent = sorted(request.path.rsplit("/", 1)[1] for request in datacite_credentials.requests)
    # the new version, the concept (new title, HasVersion) and v1 (IsPreviousVersionOf v2)
    assert sent == ["ipsp.7kq2m9xa4", "ipsp.7kq2m9xa4.v1", "ipsp.7kq2m9xa4.v2"]
    for doi in Doi.objects.all():
        assert doi.is_up_to_date, doi.doi


def test_an_up_to_date_doi_is_not_sent_again(
    datacite_credentials: FakeDataCite, django_capture_on_commit_callbacks: Capture
) -> None:
    concept, _version = publish(django_capture_on_commit_callbacks)
    datacite_credentials.requests.clear()

    services.doi_send(doi_id=concept.pk)

    assert datacite_credentials.requests == []
