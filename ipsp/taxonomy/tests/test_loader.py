"""The loader is idempotent, retires instead of deleting, and keeps the secretariat's edits."""

from __future__ import annotations

import copy

import pytest

from ipsp.taxonomy import loader, services
from ipsp.taxonomy.models import Term, TermChange, Vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def data() -> list[loader.VocabularyData]:
    return copy.deepcopy(loader.read_vocabularies())


def vocabulary_data(data: list[loader.VocabularyData], code: str) -> loader.VocabularyData:
    return next(vocabulary for vocabulary in data if vocabulary.code == code)


def test_a_migrated_database_already_has_the_whole_taxonomy(taxonomy: None) -> None:
    counts = {v.code: v.terms.count() for v in Vocabulary.objects.all()}
    assert counts["agenda"] == 5
    assert counts["theme"] == 14
    assert counts["sdg"] == 17
    assert counts["discipline"] == 48
    assert counts["country"] == 249
    assert counts["language"] >= 180


def test_loading_twice_changes_nothing(taxonomy: None) -> None:
    versions = dict(Vocabulary.objects.values_list("code", "version"))
    terms = Term.objects.count()

    reports = services.taxonomy_load()

    assert not any(report.touched for report in reports)
    assert dict(Vocabulary.objects.values_list("code", "version")) == versions
    assert Term.objects.count() == terms
    assert not TermChange.objects.exists()


def test_a_term_removed_from_the_data_is_retired_not_deleted(
    taxonomy: None, data: list[loader.VocabularyData]
) -> None:
    audiences = vocabulary_data(data, "audience")
    audiences.terms = [t for t in audiences.terms if t.code != "media"]
    version = Vocabulary.objects.get(code="audience").version

    loader.load(vocabularies=data)

    media = Term.objects.get(vocabulary__code="audience", code="media")
    assert media.retired
    assert Vocabulary.objects.get(code="audience").version == version + 1
    change = TermChange.objects.get(term=media)
    assert change.action == TermChange.Action.RETIRED
    assert change.via_loader and change.version == version + 1
    assert not Term.objects.active().of("audience").filter(code="media").exists()


def test_a_term_back_in_the_data_is_offered_again(
    taxonomy: None, data: list[loader.VocabularyData]
) -> None:
    without = copy.deepcopy(data)
    audiences = vocabulary_data(without, "audience")
    audiences.terms = [t for t in audiences.terms if t.code != "media"]
    loader.load(vocabularies=without)

    loader.load(vocabularies=data)

    media = Term.objects.get(vocabulary__code="audience", code="media")
    assert not media.retired
    assert media.changes.get(action=TermChange.Action.RESTORED)


def test_a_label_changed_in_the_data_raises_the_version_and_is_recorded(
    taxonomy: None, data: list[loader.VocabularyData]
) -> None:
    sdg = vocabulary_data(data, "sdg")
    sdg.terms[0].labels["fr"] = "Éliminer la pauvreté"
    version = Vocabulary.objects.get(code="sdg").version

    reports = loader.load(vocabularies=data, only=["sdg"])

    assert [str(r) for r in reports] == [
        f"sdg: 0 added, 1 changed, 0 retired, 0 restored (now version {version + 1})"
    ]
    term = Term.objects.get(vocabulary__code="sdg", code="1")
    assert term.labels["fr"] == "Éliminer la pauvreté"
    assert term.changed_in_version == version + 1
    change = term.changes.get()
    assert change.changes == {"labels.fr": ["Pas de pauvreté", "Éliminer la pauvreté"]}


def test_a_new_term_in_the_data_is_added_with_its_parent(
    taxonomy: None, data: list[loader.VocabularyData]
) -> None:
    themes = vocabulary_data(data, "theme")
    themes.terms.append(
        loader.TermData(
            code="care-economy",
            parent="economy",
            order=15,
            labels={"en": "The care economy"},
            descriptions={"en": "Paid and unpaid care work."},
        )
    )

    loader.load(vocabularies=data)

    term = Term.objects.get(vocabulary__code="theme", code="care-economy")
    assert getattr(term.parent, "code", None) == "economy"
    assert term.added_in_version == Vocabulary.objects.get(code="theme").version
    assert term.changes.get().action == TermChange.Action.ADDED


def test_an_edit_by_the_secretariat_survives_the_next_load(
    taxonomy: None, secretariat: object
) -> None:
    term = Term.objects.get(vocabulary__code="audience", code="media")
    services.term_update(term=term, by=secretariat, labels={"en": "Journalists"})  # type: ignore[arg-type]

    services.taxonomy_load()

    term.refresh_from_db()
    assert term.labels["en"] == "Journalists"


def test_a_parent_unknown_in_the_data_is_a_clear_error(
    taxonomy: None, data: list[loader.VocabularyData]
) -> None:
    themes = vocabulary_data(data, "theme")
    themes.terms.append(
        loader.TermData(code="x", parent="nowhere", order=1, labels={"en": "X"}, descriptions={})
    )

    with pytest.raises(loader.TaxonomyDataError, match="unknown parent 'nowhere'"):
        loader.load(vocabularies=data)

    assert not Term.objects.filter(code="x").exists()


def test_a_fresh_database_is_loaded_from_nothing() -> None:
    Term.objects.update(parent=None)
    Term.objects.all().delete()
    Vocabulary.objects.update(parent_vocabulary=None)
    Vocabulary.objects.all().delete()

    reports = services.taxonomy_load()

    assert all(report.created for report in reports)
    kenya = Term.objects.get(vocabulary__code="country", code="KE")
    sociology = Term.objects.get(vocabulary__code="discipline", code="5.4")
    assert getattr(kenya.parent, "code", None) == "014"
    assert getattr(sociology.parent, "code", None) == "5"
    assert not TermChange.objects.exists()
