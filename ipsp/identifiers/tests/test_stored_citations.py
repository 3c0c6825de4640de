"""APA and Chicago references are formatted once a DOI's reservation commits and read back
by the page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from ipsp.identifiers import citations, display, queries
from ipsp.identifiers.models import Doi, FormattedCitation
from ipsp.identifiers.tests.conftest import FakeDirectory
from ipsp.identifiers.tests.records import make_record

pytestmark = pytest.mark.django_db


def box(record: Any, doi: Doi | None, language: str = "en") -> display.CiteBox:
    with translation.override(language):
        return display.cite_box(record, doi, {})


def no_citeproc(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("citeproc ran")

    monkeypatch.setattr(citations, "_format_both", refuse)


def test_reserving_a_concept_doi_stores_both_references_in_the_site_and_entry_languages(
    no_datacite_credentials: Any, directory: FakeDirectory, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        concept, version = directory.publish(
            make_record(language="fr"), make_record(version=1, language="fr")
        )

    stored = {row.locale: row for row in FormattedCitation.objects.filter(doi=concept)}
    assert sorted(stored) == ["en-US", "fr-FR"]
    assert "Diallo, A." in stored["en-US"].apa
    assert "Community health workers in rural Senegal" in stored["en-US"].chicago
    assert stored["en-US"].revision == concept.revision
    # a version's page is read far less: its references wait for its first view
    assert not FormattedCitation.objects.filter(doi=version).exists()
    box(make_record(version=1, language="fr"), version)
    assert FormattedCitation.objects.filter(doi=version, locale="en-US").exists()


def test_the_cite_box_shows_the_stored_references_without_running_citeproc(
    no_datacite_credentials: Any,
    directory: FakeDirectory,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        concept = directory.reserve_concept(make_record())
    expected = citations.formatted(make_record(), concept, "apa", "en")
    no_citeproc(monkeypatch)

    shown = box(make_record(), concept)

    assert shown.apa == expected
    assert "10.99999/ipsp.7kq2m9xa4" in shown.chicago


def test_a_first_view_in_another_language_formats_and_keeps_that_language(
    no_datacite_credentials: Any, directory: FakeDirectory, monkeypatch: pytest.MonkeyPatch
) -> None:
    concept = directory.reserve_concept(make_record())
    assert not FormattedCitation.objects.filter(doi=concept, locale="ru-RU").exists()

    first = box(make_record(), concept, "ru")

    stored = FormattedCitation.objects.get(doi=concept, locale="ru-RU")
    assert stored.apa == first.apa and stored.chicago == first.chicago
    no_citeproc(monkeypatch)
    assert box(make_record(), concept, "ru").apa == first.apa


def test_a_changed_entry_gets_new_references_and_an_unchanged_one_keeps_its_own(
    no_datacite_credentials: Any, directory: FakeDirectory, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        concept = directory.reserve_concept(make_record())
    kept = FormattedCitation.objects.get(doi=concept, locale="en-US")

    with django_capture_on_commit_callbacks(execute=True):
        directory.reserve_concept(make_record())  # published again, unchanged
    assert FormattedCitation.objects.get(pk=kept.pk).revision == kept.revision

    with django_capture_on_commit_callbacks(execute=True):
        renamed = directory.reserve_concept(make_record(title="Health in Kaolack"))

    shown = box(make_record(title="Health in Kaolack"), renamed)
    assert "Health in Kaolack" in shown.apa and "Health in Kaolack" in shown.chicago
    stored = FormattedCitation.objects.get(doi=renamed, locale="en-US")
    assert stored.revision == renamed.revision == 2
    assert "Health in Kaolack" in stored.apa


def test_references_kept_for_an_older_revision_are_not_shown(
    no_datacite_credentials: Any, directory: FakeDirectory
) -> None:
    concept = directory.reserve_concept(make_record())
    FormattedCitation.objects.filter(doi=concept).update(apa="stale", revision=0)

    assert box(make_record(), concept).apa != "stale"
    assert FormattedCitation.objects.get(doi=concept, locale="en-US").revision == 1


def test_a_new_version_keeps_the_previous_version_s_references_current(
    no_datacite_credentials: Any, directory: FakeDirectory, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory.publish(make_record(), make_record(version=1))
    box(make_record(version=1), Doi.objects.get(target_version=1))  # formats and keeps them
    directory.publish(make_record(), make_record(version=2))
    first = Doi.objects.get(target_version=1)
    assert first.revision == 2
    no_citeproc(monkeypatch)

    assert "Diallo" in box(make_record(version=1), first).apa


def test_an_entry_without_a_saved_doi_is_formatted_and_nothing_is_stored() -> None:
    unsaved = Doi(doi="10.99999/ipsp.7kq2m9xa4", target_kind="initiative")

    assert "Diallo" in box(make_record(), None).apa
    assert "Diallo" in box(make_record(), unsaved).apa
    assert not FormattedCitation.objects.exists()


def test_the_dois_of_an_entry_bring_their_references_so_the_box_makes_no_query(
    no_datacite_credentials: Any,
    directory: FakeDirectory,
    django_assert_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _concept, version = directory.publish(make_record(), make_record(version=1))
    box(make_record(version=1), version)  # the version's first view keeps its references
    with translation.override("en"):
        dois = queries.entry_dois("initiative", "7kq2m9xa4")
    assert dois.concept is not None

    with django_assert_num_queries(0):
        shown = box(make_record(), dois.concept)
        shown_version = box(make_record(version=1), dois.of(1))

    assert "Diallo" in shown.apa and "Diallo" in shown_version.chicago


def test_the_store_references_command_fills_what_is_missing_and_only_that(
    no_datacite_credentials: Any, directory: FakeDirectory
) -> None:
    concept, _version = directory.publish(make_record(), make_record(version=1))
    FormattedCitation.objects.all().delete()
    out = io.StringIO()

    call_command("dois_store_references", stdout=out)
    call_command("dois_store_references", stdout=out)

    stored = FormattedCitation.objects.get()
    assert (stored.doi_id, stored.locale, stored.revision) == (concept.pk, "en-US", 1)
    assert "1 DOI(s) got their references" in out.getvalue()
    assert "0 DOI(s) got their references" in out.getvalue()
