"""A withdrawn entry's DOIs are hidden from DataCite's search ("hide"), keep resolving to its
tombstone, and become findable again ("publish") if the entry is published again."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from lxml import etree

from ipsp.identifiers import metadata, services
from ipsp.identifiers.models import Doi
from ipsp.identifiers.tests.conftest import FakeDataCite, FakeDirectory
from ipsp.identifiers.tests.records import PUBLIC_ID, make_record

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
KERNEL = "{http://datacite.org/schema/kernel-4}"
CONCEPT = "10.99999/ipsp.7kq2m9xa4"


def publish_two_versions(directory: FakeDirectory, capture: Capture) -> None:
    with capture(execute=True):
        directory.publish(make_record(), make_record(version=1))
    with capture(execute=True):
        directory.publish(make_record(title="Renamed"), make_record(version=2, title="Renamed"))


def hide(capture: Capture, public_id: str = PUBLIC_ID) -> int:
    with capture(execute=True):
        return services.dois_hide(kind="initiative", public_id=public_id)


def events(datacite: FakeDataCite) -> dict[str, str]:
    """The event sent for each DOI, by DOI (the last one sent)."""
    return {
        request.path.removeprefix("/dois/"): request.json()["data"]["attributes"]["event"]
        for request in datacite.requests
    }


def test_hiding_an_entry_sends_hide_for_each_of_its_dois_with_its_url_and_metadata(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    publish_two_versions(directory, django_capture_on_commit_callbacks)
    datacite_credentials.requests.clear()

    assert hide(django_capture_on_commit_callbacks) == 3

    assert events(datacite_credentials) == {
        CONCEPT: "hide",
        f"{CONCEPT}.v1": "hide",
        f"{CONCEPT}.v2": "hide",
    }
    request = next(r for r in datacite_credentials.requests if r.path == f"/dois/{CONCEPT}")
    attributes = request.json()["data"]["attributes"]
    assert attributes["url"] == "https://ipsp.example.org/en/initiatives/7kq2m9xa4/"
    xml = etree.fromstring(base64.b64decode(attributes["xml"]))
    assert xml.findtext(f"{KERNEL}identifier") == CONCEPT
    assert xml.findtext(f"{KERNEL}titles/{KERNEL}title") == "Renamed"
    for doi in Doi.objects.all():
        assert doi.is_hidden and doi.is_up_to_date, doi.doi
        assert doi.state == Doi.State.REGISTERED


def test_hiding_leaves_the_dois_of_other_entries_alone(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        directory.publish(make_record(), make_record(version=1))
        directory.publish(
            make_record(public_id="3zt8w2pq5"), make_record(public_id="3zt8w2pq5", version=1)
        )
    datacite_credentials.requests.clear()

    hide(django_capture_on_commit_callbacks)

    assert set(events(datacite_credentials)) == {CONCEPT, f"{CONCEPT}.v1"}
    other = Doi.objects.of("initiative", "3zt8w2pq5")
    assert [doi.is_hidden for doi in other] == [False, False]
    assert all(doi.is_up_to_date for doi in other)


def test_hiding_again_changes_nothing_and_sends_nothing(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        directory.publish(make_record(), make_record(version=1))
    hide(django_capture_on_commit_callbacks)
    before = {doi.pk: (doi.revision, doi.hidden_at) for doi in Doi.objects.all()}
    datacite_credentials.requests.clear()

    assert hide(django_capture_on_commit_callbacks) == 0

    assert datacite_credentials.requests == []
    assert {doi.pk: (doi.revision, doi.hidden_at) for doi in Doi.objects.all()} == before


def test_a_doi_datacite_never_had_is_created_registered_not_findable(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    # reserved while registration was not running: DataCite has never seen it
    with django_capture_on_commit_callbacks(execute=False):
        directory.publish(make_record(), make_record(version=1))

    hide(django_capture_on_commit_callbacks)

    # "hide" applies only to a findable DOI; "register" creates it resolving, unlisted
    assert events(datacite_credentials) == {CONCEPT: "register", f"{CONCEPT}.v1": "register"}
    for doi in Doi.objects.all():
        assert doi.is_hidden and doi.is_up_to_date and doi.is_registered


def test_without_credentials_the_dois_are_marked_hidden_and_nothing_is_sent(
    directory: FakeDirectory,
    no_datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        directory.publish(make_record(), make_record(version=1))

    assert hide(django_capture_on_commit_callbacks) == 2

    assert no_datacite_credentials.requests == []
    for doi in Doi.objects.all():
        assert doi.is_hidden and doi.state == Doi.State.RESERVED
        assert doi.revision == 2


def test_dois_hidden_without_credentials_are_sent_hidden_once_credentials_are_set(
    directory: FakeDirectory,
    no_datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        directory.publish(make_record(), make_record(version=1))
    hide(django_capture_on_commit_callbacks)
    settings.DATACITE_USERNAME, settings.DATACITE_PASSWORD = "IPSP.TEST", "s3cret"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("dois_register_pending", stdout=io.StringIO())

    assert events(no_datacite_credentials) == {CONCEPT: "register", f"{CONCEPT}.v1": "register"}


def test_a_failed_hide_is_retried_and_loses_nothing(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        directory.reserve_concept(make_record())
    doi = Doi.objects.get()
    kept = (doi.metadata_hash, doi.landing_url, doi.registered_at)
    datacite_credentials.requests.clear()
    settings.TASK_MAX_ATTEMPTS = 1
    datacite_credentials.answer(500, 200)

    hide(django_capture_on_commit_callbacks)

    doi.refresh_from_db()
    assert doi.state == Doi.State.FAILED and "HTTP 500" in doi.last_error
    assert doi.is_hidden and doi.revision == 2
    assert (doi.metadata_hash, doi.landing_url, doi.registered_at) == kept

    with django_capture_on_commit_callbacks(execute=True):
        assert services.doi_retry(doi_ids=[doi.pk]) == 1

    doi.refresh_from_db()
    assert doi.is_hidden and doi.is_up_to_date and doi.last_error == ""
    assert [r.json()["data"]["attributes"]["event"] for r in datacite_credentials.requests] == [
        "hide",
        "hide",
    ]


def test_a_hide_is_retried_with_backoff_until_it_succeeds(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        directory.reserve_concept(make_record())
    datacite_credentials.requests.clear()
    datacite_credentials.answer(503, 200)

    hide(django_capture_on_commit_callbacks)

    doi = Doi.objects.get()
    assert doi.is_up_to_date and doi.attempts == 3  # the publication, then two for the hide
    assert events(datacite_credentials) == {CONCEPT: "hide"}
    assert len(datacite_credentials.requests) == 2


def test_a_withdrawal_rolled_back_leaves_the_dois_untouched_and_sends_nothing(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        directory.publish(make_record(), make_record(version=1))
    before = list(Doi.objects.values())
    datacite_credentials.requests.clear()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.dois_hide(kind="initiative", public_id=PUBLIC_ID)
        raise RuntimeError("the withdrawal failed after hiding")

    assert list(Doi.objects.values()) == before
    assert datacite_credentials.requests == []


def test_publishing_the_entry_again_makes_every_doi_findable_again(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        directory.publish(make_record(), make_record(version=1))
    hide(django_capture_on_commit_callbacks)
    datacite_credentials.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        directory.publish(make_record(title="Back"), make_record(version=2, title="Back"))

    assert events(datacite_credentials) == {
        CONCEPT: "publish",
        f"{CONCEPT}.v1": "publish",
        f"{CONCEPT}.v2": "publish",
    }
    for doi in Doi.objects.all():
        assert not doi.is_hidden and doi.is_up_to_date, doi.doi
    concept = Doi.objects.get(doi=CONCEPT)
    assert concept.metadata_hash == metadata.metadata_hash(
        metadata.datacite_metadata(make_record(title="Back"), concept)
    )


def test_refreshing_a_hidden_doi_s_metadata_keeps_it_hidden(
    directory: FakeDirectory,
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        directory.reserve_concept(make_record())
    hide(django_capture_on_commit_callbacks)
    datacite_credentials.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        directory.reserve_concept(make_record(title="Corrected on the tombstone"))

    assert events(datacite_credentials) == {CONCEPT: "hide"}
    assert Doi.objects.get().is_hidden
