"""Load the taxonomy from ``data/*.json`` (and pycountry) into the database.

Idempotent and fast: one read of each vocabulary and its terms, bulk writes.
Three rules make a load safe to run at every deployment and after every
``migrate``:

- codes never change; a term is found again by its code;
- a term gone from the data is *retired*, never deleted;
- only what changed *in the data* since the previous load is applied (each term
  keeps the data it was last loaded from in ``Term.source``), so edits that the
  secretariat made in the admin survive later loads.

A load that changes, adds, retires or restores terms of a vocabulary raises its
version by one and writes one ``TermChange`` per term.
"""

from __future__ import annotations

import gettext
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from django.conf import settings
from django.db import transaction

from ipsp.taxonomy.models import Term, TermChange, Vocabulary

DATA_DIR = Path(__file__).resolve().parent / "data"

# Vocabularies in load order: a vocabulary comes after the one holding its parents.
VOCABULARY_FILES = [
    "agenda",
    "theme",
    "sdg",
    "discipline",
    "project_type",
    "activity_type",
    "actor_type",
    "audience",
    "region",
    "country",
    "language",
]

# pycountry's catalogues for each UI language, best first.
PYCOUNTRY_LOCALES = {
    "ar": ["ar"],
    "bn": ["bn", "bn_IN"],
    "zh-hans": ["zh_CN"],
    "fr": ["fr"],
    "hi": ["hi"],
    "ja": ["ja"],
    "pt": ["pt_BR", "pt"],
    "ru": ["ru"],
    "sw": ["sw"],
    "es": ["es"],
}

ABSENT = "_absent"  # marks, in Term.source, a term the loader retired


class TaxonomyDataError(Exception):
    """The data files are inconsistent (the message names the file and the term)."""


@dataclass
class TermData:
    code: str
    parent: str | None
    order: int
    labels: dict[str, str]
    descriptions: dict[str, str]

    def as_source(self) -> dict[str, Any]:
        return {
            "parent": self.parent,
            "order": self.order,
            "labels": self.labels,
            "descriptions": self.descriptions,
        }


@dataclass
class VocabularyData:
    code: str
    order: int
    hierarchical: bool
    parent_vocabulary: str | None
    labels: dict[str, str]
    descriptions: dict[str, str]
    terms: list[TermData] = field(default_factory=list)


@dataclass
class VocabularyReport:
    code: str
    version: int
    created: bool = False
    added: int = 0
    changed: int = 0
    retired: int = 0
    restored: int = 0

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.retired or self.restored)

    def __str__(self) -> str:
        if self.created:
            return f"{self.code}: created with {self.added} terms (version {self.version})"
        if not self.touched:
            return f"{self.code}: unchanged (version {self.version})"
        return (
            f"{self.code}: {self.added} added, {self.changed} changed, {self.retired} retired, "
            f"{self.restored} restored (now version {self.version})"
        )


def ui_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# --- Reading the data -------------------------------------------------------------


def read_vocabularies(data_dir: Path = DATA_DIR) -> list[VocabularyData]:
    supplement = _read_json(data_dir / "pycountry_supplement.json")
    vocabularies = []
    for name in VOCABULARY_FILES:
        raw = _read_json(data_dir / f"{name}.json")
        vocabulary = VocabularyData(
            code=raw["code"],
            order=raw["order"],
            hierarchical=raw.get("hierarchical", False),
            parent_vocabulary=raw.get("parent_vocabulary"),
            labels=raw["labels"],
            descriptions=raw.get("descriptions", {}),
        )
        generated_from = raw.get("generated_from")
        if generated_from == "pycountry:iso3166-1":
            vocabulary.terms = _country_terms(raw["parents"], supplement.get("country", {}))
        elif generated_from == "pycountry:iso639-3":
            vocabulary.terms = _language_terms(supplement.get("language", {}))
        else:
            vocabulary.terms = [
                TermData(
                    code=str(t["code"]),
                    parent=t.get("parent"),
                    order=t.get("order", 0),
                    labels=t["labels"],
                    descriptions=t.get("descriptions", {}),
                )
                for t in raw["terms"]
            ]
        _check(name, vocabulary)
        vocabularies.append(vocabulary)
    return vocabularies


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as f:
            data: dict[str, Any] = json.load(f)
            return data
    except (OSError, ValueError) as error:
        raise TaxonomyDataError(f"{path.name}: cannot be read ({error})") from error


def _check(name: str, vocabulary: VocabularyData) -> None:
    seen: set[str] = set()
    for term in vocabulary.terms:
        if not term.code or term.code in seen:
            raise TaxonomyDataError(f"{name}.json: empty or repeated code {term.code!r}")
        seen.add(term.code)
        if not term.labels.get("en"):
            raise TaxonomyDataError(f"{name}.json: term {term.code!r} has no English label")
    if vocabulary.parent_vocabulary == vocabulary.code:
        for term in vocabulary.terms:
            if term.parent is not None and term.parent not in seen:
                raise TaxonomyDataError(
                    f"{name}.json: term {term.code!r} has an unknown parent {term.parent!r}"
                )


@cache
def _catalogues(domain: str, ui_language: str) -> tuple[dict[str, str], ...]:
    found = []
    for locale in PYCOUNTRY_LOCALES.get(ui_language, []):
        try:
            translation = gettext.translation(domain, pycountry.LOCALES_DIR, [locale])
        except OSError:
            continue
        found.append(translation._catalog)  # type: ignore[attr-defined]
    return tuple(found)


def _translated(domain: str, ui_language: str, msgids: Iterable[str | None], fallback: str) -> str:
    for msgid in msgids:
        if not msgid:
            continue
        for catalogue in _catalogues(domain, ui_language):
            translated = catalogue.get(msgid)
            if translated:
                return str(translated)
    return fallback


def _names(
    domain: str,
    code: str,
    english: str,
    msgids: list[str | None],
    supplement: dict[str, dict[str, str]],
) -> dict[str, str]:
    labels = {"en": supplement.get("en", {}).get(code) or english}
    for language in ui_languages():
        if language == "en":
            continue
        labels[language] = supplement.get(language, {}).get(code) or _translated(
            domain, language, msgids, labels["en"]
        )
    return labels


def _country_terms(
    parents: dict[str, str | None], supplement: dict[str, dict[str, str]]
) -> list[TermData]:
    terms = []
    for country in pycountry.countries:
        code = country.alpha_2
        common = getattr(country, "common_name", None)
        official = getattr(country, "official_name", None)
        english = common or country.name
        codes = f"ISO 3166-1: {code}, {country.alpha_3}, {country.numeric}."
        terms.append(
            TermData(
                code=code,
                parent=parents.get(code),
                order=0,
                labels=_names("iso3166-1", code, english, [common, country.name], supplement),
                descriptions={"en": f"{official}. {codes}" if official else codes},
            )
        )
    return terms


def _capitalised(labels: dict[str, str]) -> dict[str, str]:
    # Catalogues write language names in lower case in French, Spanish, Portuguese...
    # (as inside a sentence); a label stands alone, so it starts with a capital.
    return {language: text[:1].upper() + text[1:] for language, text in labels.items()}


def _language_terms(supplement: dict[str, dict[str, str]]) -> list[TermData]:
    terms = []
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if not code:
            continue
        terms.append(
            TermData(
                code=code,
                parent=None,
                order=0,
                labels=_capitalised(
                    _names("iso639-3", code, language.name, [language.name], supplement)
                ),
                descriptions={"en": f"ISO 639-1: {code}; ISO 639-3: {language.alpha_3}."},
            )
        )
    return terms


# --- Writing to the database ---------------------------------------------------------


def load(
    *,
    vocabularies: list[VocabularyData] | None = None,
    only: Iterable[str] | None = None,
    progress: Callable[[VocabularyReport], None] | None = None,
) -> list[VocabularyReport]:
    """Bring the database in line with the data; return what changed, per vocabulary."""
    wanted = set(only) if only else None
    data = vocabularies if vocabularies is not None else read_vocabularies()
    reports = []
    with transaction.atomic():
        for vocabulary_data in data:
            if wanted is not None and vocabulary_data.code not in wanted:
                continue
            report = _load_vocabulary(vocabulary_data)
            reports.append(report)
            if progress:
                progress(report)
    return reports


def _load_vocabulary(data: VocabularyData) -> VocabularyReport:
    vocabulary, created = _sync_vocabulary(data)
    report = VocabularyReport(code=data.code, version=vocabulary.version, created=created)
    next_version = vocabulary.version if created else vocabulary.version + 1
    existing = {term.code: term for term in Term.objects.filter(vocabulary=vocabulary).order_by()}

    new_terms: list[Term] = []
    updated: list[Term] = []
    changes: list[TermChange] = []
    parents_to_set: dict[str, str | None] = {}
    new_parents: dict[str, str | None] = {}

    for term_data in data.terms:
        source = term_data.as_source()
        term = existing.get(term_data.code)
        if term is None:
            new_terms.append(
                Term(
                    vocabulary=vocabulary,
                    code=term_data.code,
                    order=term_data.order,
                    labels=dict(term_data.labels),
                    descriptions=dict(term_data.descriptions),
                    added_in_version=next_version,
                    changed_in_version=next_version,
                    source=source,
                )
            )
            new_parents[term_data.code] = term_data.parent
            report.added += 1
            continue
        previous = term.source or {}
        if previous == source:
            continue
        diff = _apply_source(term, previous, source)
        if "parent" in diff:
            parents_to_set[term.code] = term_data.parent
        action = None
        if previous.get(ABSENT) and term.retired:
            term.retired = False
            diff["retired"] = [True, False]
            action = TermChange.Action.RESTORED
            report.restored += 1
        elif diff:
            action = TermChange.Action.CHANGED
            report.changed += 1
        term.source = source
        if action:
            term.changed_in_version = next_version
            changes.append(
                TermChange(
                    term=term, version=next_version, action=action, changes=diff, via_loader=True
                )
            )
        updated.append(term)

    present = {term_data.code for term_data in data.terms}
    for code, term in existing.items():
        if code in present or term.source is None or term.source.get(ABSENT):
            continue
        term.source = {**term.source, ABSENT: True}
        if not term.retired:
            term.retired = True
            term.changed_in_version = next_version
            changes.append(
                TermChange(
                    term=term,
                    version=next_version,
                    action=TermChange.Action.RETIRED,
                    changes={"retired": [False, True]},
                    via_loader=True,
                )
            )
            report.retired += 1
        updated.append(term)

    created_terms = _create_with_parents(data, existing, new_terms, new_parents)
    if not created:
        changes += [
            TermChange(
                term=term,
                version=next_version,
                action=TermChange.Action.ADDED,
                changes={"code": [None, term.code]},
                via_loader=True,
            )
            for term in created_terms
        ]
    if parents_to_set:
        _set_parents(data, vocabulary, existing, created_terms, parents_to_set, updated)
    if updated:
        Term.objects.bulk_update(
            updated,
            [
                "labels",
                "descriptions",
                "order",
                "parent",
                "retired",
                "changed_in_version",
                "source",
            ],
        )
    TermChange.objects.bulk_create(changes)
    if not created and report.touched:
        Vocabulary.objects.filter(pk=vocabulary.pk).update(version=next_version)
        report.version = next_version
    return report


def _create_with_parents(
    data: VocabularyData,
    existing: dict[str, Term],
    new_terms: list[Term],
    new_parents: dict[str, str | None],
) -> list[Term]:
    """Create new terms with their parents set, parents first (no update afterwards)."""
    if not new_terms:
        return []
    parent_vocabulary_code = data.parent_vocabulary or data.code
    if parent_vocabulary_code == data.code:
        known: dict[str, Term] = dict(existing)
    else:
        known = {
            term.code: term
            for term in Term.objects.filter(vocabulary__code=parent_vocabulary_code).order_by()
        }
    created: list[Term] = []
    waiting = list(new_terms)
    while waiting:
        ready = [
            term
            for term in waiting
            if new_parents.get(term.code) is None or new_parents[term.code] in known
        ]
        if not ready:
            term = waiting[0]
            raise TaxonomyDataError(
                f"{data.code}: term {term.code!r} has an unknown parent "
                f"{new_parents[term.code]!r} (not a code of {parent_vocabulary_code})"
            )
        for term in ready:
            parent_code = new_parents.get(term.code)
            term.parent = known[parent_code] if parent_code is not None else None
        batch = Term.objects.bulk_create(ready)
        created += batch
        if parent_vocabulary_code == data.code:
            known.update((term.code, term) for term in batch)
        ready_ids = {id(term) for term in ready}
        waiting = [term for term in waiting if id(term) not in ready_ids]
    return created


def _sync_vocabulary(data: VocabularyData) -> tuple[Vocabulary, bool]:
    parent_vocabulary = None
    if data.parent_vocabulary and data.parent_vocabulary != data.code:
        parent_vocabulary = Vocabulary.objects.filter(code=data.parent_vocabulary).first()
        if parent_vocabulary is None:
            raise TaxonomyDataError(
                f"{data.code}.json: parent vocabulary {data.parent_vocabulary!r} is not loaded"
            )
    fields = {
        "order": data.order,
        "hierarchical": data.hierarchical,
        "labels": data.labels,
        "descriptions": data.descriptions,
    }
    vocabulary = Vocabulary.objects.filter(code=data.code).first()
    created = vocabulary is None
    if vocabulary is None:
        vocabulary = Vocabulary.objects.create(code=data.code, **fields)
    elif any(getattr(vocabulary, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(vocabulary, name, value)
        vocabulary.save(update_fields=list(fields))
    wanted_parent = vocabulary if data.parent_vocabulary == data.code else parent_vocabulary
    if vocabulary.parent_vocabulary_id != (wanted_parent.pk if wanted_parent else None):
        vocabulary.parent_vocabulary = wanted_parent
        vocabulary.save(update_fields=["parent_vocabulary"])
    return vocabulary, created


def _apply_source(
    term: Term, previous: dict[str, Any], source: dict[str, Any]
) -> dict[str, list[Any]]:
    """Apply to the term what changed between two versions of its data; return the diff."""
    diff: dict[str, list[Any]] = {}
    for name in ("labels", "descriptions"):
        old_values = previous.get(name) or {}
        new_values = source[name]
        current: dict[str, str] = getattr(term, name)
        for language in sorted(set(old_values) | set(new_values)):
            wanted = new_values.get(language)
            if wanted == old_values.get(language) or current.get(language) == wanted:
                continue
            diff[f"{name}.{language}"] = [current.get(language), wanted]
            if wanted is None:
                current.pop(language, None)
            else:
                current[language] = wanted
    if source["order"] != previous.get("order") and term.order != source["order"]:
        diff["order"] = [term.order, source["order"]]
        term.order = source["order"]
    if source["parent"] != previous.get("parent"):
        diff["parent"] = [previous.get("parent"), source["parent"]]
    return diff


def _set_parents(
    data: VocabularyData,
    vocabulary: Vocabulary,
    existing: dict[str, Term],
    created_terms: list[Term],
    parents_to_set: dict[str, str | None],
    updated: list[Term],
) -> None:
    parent_vocabulary_code = data.parent_vocabulary or data.code
    if parent_vocabulary_code == data.code:
        by_code = {**existing, **{term.code: term for term in created_terms}}
    else:
        by_code = {
            term.code: term for term in Term.objects.filter(vocabulary__code=parent_vocabulary_code)
        }
    created_by_code = {term.code: term for term in created_terms}
    in_updated = {id(term) for term in updated}
    for code, parent_code in parents_to_set.items():
        parent = None
        if parent_code is not None:
            parent = by_code.get(parent_code)
            if parent is None:
                raise TaxonomyDataError(
                    f"{data.code}: term {code!r} has an unknown parent {parent_code!r} "
                    f"(not a code of {parent_vocabulary_code})"
                )
        term = created_by_code.get(code) or existing[code]
        term.parent = parent
        if id(term) not in in_updated:
            updated.append(term)
            in_updated.add(id(term))
