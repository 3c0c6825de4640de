"""The references of a reserved DOI are formatted once the publication has committed: citeproc
never runs inside the publishing transaction with the DOI locked, a failure there is logged
and loses nothing, and a newer revision is never overwritten by an older one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from ipsp.identifiers import citations
from ipsp.identifiers.models import Doi, FormattedCitation
from ipsp.identifiers.tests.conftest import FakeDirectory
from ipsp.identifiers.tests.records import make_record
from ipsp.identifiers.tests.test_stored_citations import box

Capture = Callable[..., Any]


@pytest.mark.django_db(transaction=True)
def test_citeproc_runs_after_the_publishing_transaction_has_committed(
    no_datacite_credentials: Any, directory: FakeDirectory, monkeypatch: pytest.MonkeyPatch
) -> None:
    format_both = citations._format_both
    seen: list[tuple[bool, bool]] = []

    def watched(record: Any, doi: Any, language: str) -> Any:
        # inside no transaction, and the DOI is already there for every other connection
        seen.append((connection.in_atomic_block, Doi.objects.filter(pk=doi.pk).exists()))
        return format_both(record, doi, language)

    monkeypatch.setattr(citations, "_format_both", watched)

    concept, _version = directory.publish(
        make_record(language="fr"), make_record(version=1, language="fr")
    )

    assert seen == [(False, True), (False, True)]  # the site's language and the entry's
    stored = FormattedCitation.objects.filter(doi=concept).order_by("locale")
    assert [(row.locale, row.revision) for row in stored] == [("en-US", 1), ("fr-FR", 1)]


@pytest.mark.django_db
def test_a_failure_to_format_is_logged_the_publication_stands_and_the_page_formats_them(
    no_datacite_credentials: Any,
    directory: FakeDirectory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    format_both = citations._format_both

    def broken(*args: Any) -> Any:
        raise RuntimeError("citeproc broke")

    monkeypatch.setattr(citations, "_format_both", broken)

    with (
        caplog.at_level(logging.WARNING, logger="ipsp.identifiers.citations"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        concept = directory.reserve_concept(make_record())

    assert Doi.objects.filter(pk=concept.pk).exists()
    assert not FormattedCitation.objects.exists()
    assert "could not store the references of DOI 10.99999/ipsp.7kq2m9xa4" in caplog.text
    monkeypatch.setattr(citations, "_format_both", format_both)

    shown = box(make_record(), concept)

    assert "Diallo" in shown.apa
    assert FormattedCitation.objects.get(doi=concept, locale="en-US").apa == shown.apa


@pytest.mark.django_db
def test_references_of_an_older_revision_never_replace_those_of_a_newer_one(
    no_datacite_credentials: Any,
    directory: FakeDirectory,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as first_commit:
        directory.reserve_concept(make_record())
    with django_capture_on_commit_callbacks(execute=True):
        renamed = directory.reserve_concept(make_record(title="Health in Kaolack"))

    for late in first_commit:  # the first publication's callbacks run last
        late()

    stored = FormattedCitation.objects.get(doi=renamed, locale="en-US")
    assert stored.revision == renamed.revision == 2
    assert "Health in Kaolack" in stored.apa
