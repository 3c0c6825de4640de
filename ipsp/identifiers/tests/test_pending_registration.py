"""The DOIs DataCite does not have up to date are found by the database, and
``dois_register_pending`` enqueues each of them once, page by page."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from ipsp.identifiers import queries
from ipsp.identifiers.management.commands import dois_register_pending
from ipsp.identifiers.models import Doi
from ipsp.identifiers.tests.conftest import FakeDataCite, FakeDirectory
from ipsp.identifiers.tests.records import make_record

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
PUBLIC_IDS = ["7kq2m9xa4", "3zt8w2pq5", "9hv4c6rn1"]


@pytest.fixture
def dois_in_every_state(
    directory: FakeDirectory, no_datacite_credentials: FakeDataCite
) -> dict[str, Doi]:
    """Six DOIs: up to date, reserved, failed, registering, registered but outdated, hidden."""
    for public_id in PUBLIC_IDS:
        directory.publish(
            make_record(public_id=public_id), make_record(public_id=public_id, version=1)
        )
    dois = list(Doi.objects.order_by("pk"))
    up_to_date, _reserved, failed, registering, outdated, hidden = dois
    registered = {"state": Doi.State.REGISTERED, "registered_revision": F("revision")}
    Doi.objects.filter(pk__in=[up_to_date.pk, outdated.pk, hidden.pk]).update(**registered)
    Doi.objects.filter(pk=failed.pk).update(state=Doi.State.FAILED, attempts=5)
    Doi.objects.filter(pk=registering.pk).update(state=Doi.State.REGISTERING)
    Doi.objects.filter(pk=outdated.pk).update(revision=F("revision") + 1)
    Doi.objects.filter(pk=hidden.pk).update(revision=F("revision") + 1, hidden_at=F("created_at"))
    return {
        name: Doi.objects.get(pk=doi.pk)
        for name, doi in zip(
            ["up_to_date", "reserved", "failed", "registering", "outdated", "hidden"],
            dois,
            strict=True,
        )
    }


def test_pending_are_the_dois_that_are_not_up_to_date_oldest_first(
    dois_in_every_state: dict[str, Doi],
) -> None:
    expected = [
        doi.pk
        for doi in sorted(Doi.objects.all(), key=lambda doi: (doi.created_at, doi.pk))
        if not doi.is_up_to_date
    ]

    pending = queries.dois_pending_registration()

    assert [doi.pk for doi in pending] == expected
    assert dois_in_every_state["up_to_date"].pk not in expected and len(expected) == 5
    assert pending.count() == 5


def test_pending_dois_are_counted_and_listed_by_the_database_in_two_queries(
    dois_in_every_state: dict[str, Doi], django_assert_num_queries: Callable[..., Any]
) -> None:
    with django_assert_num_queries(2):
        pending = queries.dois_pending_registration()
        assert pending.count() == 5
        assert len(list(pending.values_list("pk", flat=True))) == 5


def test_the_command_enqueues_every_pending_doi_once_page_by_page(
    dois_in_every_state: dict[str, Doi],
    datacite_credentials: FakeDataCite,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dois_register_pending, "BATCH", 2)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("dois_register_pending", stdout=out)

    sent = sorted(request.path.removeprefix("/dois/") for request in datacite_credentials.requests)
    pending = [name for name in dois_in_every_state if name != "up_to_date"]
    assert sent == sorted(dois_in_every_state[name].doi for name in pending)
    assert "2 of 5 DOI(s) enqueued" in out.getvalue()
    assert out.getvalue().endswith("5 DOI(s) enqueued for registration.\n")
    assert all(doi.is_up_to_date for doi in Doi.objects.all())


def test_the_command_refuses_without_credentials(
    dois_in_every_state: dict[str, Doi], no_datacite_credentials: FakeDataCite
) -> None:
    with pytest.raises(CommandError, match="DATACITE_USERNAME"):
        call_command("dois_register_pending", stdout=io.StringIO())

    assert no_datacite_credentials.requests == []
