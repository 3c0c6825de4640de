"""Registration at DataCite runs in a background task, only with credentials, retried on failure."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from lxml import etree

from ipsp.identifiers import metadata, services
from ipsp.identifiers.models import Doi, FormattedCitation
from ipsp.identifiers.tests.conftest import FakeDataCite, FakeDirectory
from ipsp.identifiers.tests.records import make_record

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def publish(directory: FakeDirectory, capture: Capture, **concept: Any) -> tuple[Doi, Doi]:
    with capture(execute=True):
        concept_doi, version_doi = directory.publish(make_record(**concept), make_record(version=1))
    concept_doi.refresh_from_db()
    version_doi.refresh_from_db()
    return concept_doi, version_doi


def test_without_credentials_nothing_is_sent_and_the_doi_stays_reserved(
    directory: FakeDirectory,
    no_datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    concept, version = publish(directory, django_capture_on_commit_callbacks)

    services.doi_send(doi_id=concept.pk)

    assert no_datacite_credentials.requests == []
    concept.refresh_from_db()
    assert concept.state == version.state == Doi.State.RESERVED
    assert concept.attempts == 0
    assert not concept.is_registered


def test_with_credentials_both_dois_are_registered_with_their_xml_and_url(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    concept, version = publish(directory, django_capture_on_commit_callbacks)

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
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    settings.TASK_MAX_ATTEMPTS = 3
    datacite_credentials.answer(500)

    concept, version = publish(directory, django_capture_on_commit_callbacks)

    assert concept.state == version.state == Doi.State.FAILED
    assert concept.attempts == version.attempts == 3
    assert "HTTP 500" in concept.last_error
    assert not concept.is_registered
    assert len(datacite_credentials.requests) == 6


def test_a_failure_followed_by_success_ends_registered_after_the_retry(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    datacite_credentials.answer(500, 201)

    with django_capture_on_commit_callbacks(execute=True):
        doi = directory.reserve_concept(make_record())
    doi.refresh_from_db()

    assert doi.state == Doi.State.REGISTERED
    assert doi.attempts == 2
    assert doi.last_error == ""
    assert len(datacite_credentials.requests) == 2


def test_an_unreachable_datacite_is_a_failure_that_names_the_cause(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    settings.TASK_MAX_ATTEMPTS = 1
    settings.DATACITE_API_URL = "http://127.0.0.1:9"  # discard port: nobody listens

    with django_capture_on_commit_callbacks(execute=True):
        doi = directory.reserve_concept(make_record())
    doi.refresh_from_db()

    assert doi.state == Doi.State.FAILED
    assert "could not be reached" in doi.last_error


def test_a_new_version_updates_the_registered_concept_doi_at_datacite(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    publish(directory, django_capture_on_commit_callbacks)
    datacite_credentials.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        directory.publish(make_record(title="Renamed"), make_record(version=2, title="Renamed"))

    sent = sorted(request.path.rsplit("/", 1)[1] for request in datacite_credentials.requests)
    # the new version, the concept (new title, HasVersion) and v1 (IsPreviousVersionOf v2)
    assert sent == ["ipsp.7kq2m9xa4", "ipsp.7kq2m9xa4.v1", "ipsp.7kq2m9xa4.v2"]
    for doi in Doi.objects.all():
        assert doi.is_up_to_date, doi.doi


def test_an_up_to_date_doi_is_not_sent_again(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    concept, _version = publish(directory, django_capture_on_commit_callbacks)
    datacite_credentials.requests.clear()

    services.doi_send(doi_id=concept.pk)

    assert datacite_credentials.requests == []


def sent_titles(datacite: FakeDataCite) -> dict[str, str]:
    """The title in the XML of each DOI sent, by DOI suffix."""
    titles = {}
    for request in datacite.requests:
        attributes = request.json()["data"]["attributes"]
        xml = etree.fromstring(base64.b64decode(attributes["xml"]))
        title = xml.findtext("{http://datacite.org/schema/kernel-4}titles/*")
        titles[request.path.rsplit("/", 1)[1]] = title or ""
    return titles


def test_a_changed_entry_is_sent_again_with_its_new_metadata(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    concept, _version = publish(directory, django_capture_on_commit_callbacks)
    datacite_credentials.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        directory.reserve_concept(make_record(title="Community health in Kaolack"))

    assert sent_titles(datacite_credentials) == {"ipsp.7kq2m9xa4": "Community health in Kaolack"}
    concept.refresh_from_db()
    assert concept.revision == 2 and concept.is_up_to_date


def test_an_unchanged_entry_published_again_is_not_sent_again(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    concept, version = publish(directory, django_capture_on_commit_callbacks)
    datacite_credentials.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        directory.publish(make_record(), make_record(version=1))
    call_command("dois_register_pending", stdout=io.StringIO())

    assert datacite_credentials.requests == []
    for doi in (concept, version):
        before = (doi.revision, doi.metadata_hash)
        doi.refresh_from_db()
        assert (doi.revision, doi.metadata_hash) == before
        assert doi.is_up_to_date


def test_the_document_sent_is_the_entry_as_it_is_when_sent_not_a_stored_copy(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        doi = directory.reserve_concept(make_record())
    directory.keep(make_record(title="Corrected title"))

    services.doi_send(doi_id=doi.pk)

    assert sent_titles(datacite_credentials) == {"ipsp.7kq2m9xa4": "Corrected title"}
    doi.refresh_from_db()
    sent = metadata.datacite_metadata(make_record(title="Corrected title"), doi)
    assert doi.metadata_hash == metadata.metadata_hash(sent)


def test_a_failed_registration_loses_nothing_the_doi_keeps_and_a_retry_sends_it_all(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    settings.TASK_MAX_ATTEMPTS = 1
    datacite_credentials.answer(500, 201)
    with django_capture_on_commit_callbacks(execute=True):
        doi = directory.reserve_concept(make_record())
    doi.refresh_from_db()
    assert doi.state == Doi.State.FAILED
    kept = FormattedCitation.objects.get(doi=doi, locale="en-US")

    doi_after = Doi.objects.get(pk=doi.pk)
    assert (doi_after.metadata_hash, doi_after.revision, doi_after.landing_url) == (
        metadata.metadata_hash(metadata.datacite_metadata(make_record(), doi)),
        1,
        "https://ipsp.example.org/en/initiatives/7kq2m9xa4/",
    )
    assert FormattedCitation.objects.get(doi=doi, locale="en-US").apa == kept.apa
    first_xml = datacite_credentials.requests[0].json()["data"]["attributes"]["xml"]

    with django_capture_on_commit_callbacks(execute=True):
        assert services.doi_retry(doi_ids=[doi.pk]) == 1

    doi.refresh_from_db()
    assert doi.state == Doi.State.REGISTERED and doi.attempts == 2
    assert datacite_credentials.requests[1].json()["data"]["attributes"]["xml"] == first_xml


def test_an_entry_its_directory_no_longer_describes_fails_with_a_reason(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    settings.TASK_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=False):
        doi = directory.reserve_concept(make_record())
    directory.entries.clear()

    with pytest.raises(services.RegistrationError):
        services.doi_send(doi_id=doi.pk)

    doi.refresh_from_db()
    assert doi.state == Doi.State.FAILED
    assert "was not found" in doi.last_error
    assert datacite_credentials.requests == []
