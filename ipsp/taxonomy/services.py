"""Writes to the taxonomy: loading the data files and the secretariat's edits.

Every change of a term raises its vocabulary's version by one and writes a
``TermChange`` (who, when, which version, what changed). Codes never change, and
terms are retired rather than deleted, so every link to a term stays valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from types import EllipsisType
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ipsp.accounts.models import User
from ipsp.taxonomy import loader
from ipsp.taxonomy.models import Term, TermChange, Vocabulary

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")


def taxonomy_load(
    *,
    only: Iterable[str] | None = None,
    progress: Callable[[loader.VocabularyReport], None] | None = None,
) -> list[loader.VocabularyReport]:
    """Create or update every vocabulary from the data files (see ``loader``)."""
    return loader.load(only=only, progress=progress)


def taxonomy_ensure_loaded() -> None:
    """Load the taxonomy if it is not there yet (cheap when it is)."""
    if Vocabulary.objects.count() < len(loader.VOCABULARY_FILES):
        loader.load()


def _raise_version(vocabulary: Vocabulary) -> int:
    Vocabulary.objects.filter(pk=vocabulary.pk).update(version=F("version") + 1)
    vocabulary.refresh_from_db(fields=["version"])
    return vocabulary.version


def _check_parent(vocabulary: Vocabulary, parent: Term | None, term: Term | None = None) -> None:
    if parent is None:
        return
    allowed = vocabulary.parent_vocabulary_id
    if allowed is None or parent.vocabulary_id != allowed:
        raise ValidationError(
            {"parent": _("This parent does not belong to the vocabulary of the parents.")}
        )
    if parent.retired:
        raise ValidationError({"parent": _("A retired term cannot be a parent.")})
    ancestor: Term | None = parent
    while term is not None and ancestor is not None:
        if ancestor.pk == term.pk:
            raise ValidationError({"parent": _("A term cannot be its own ancestor.")})
        ancestor = ancestor.parent


def term_check(
    *,
    vocabulary: Vocabulary,
    code: str | None = None,
    parent: Term | None = None,
    term: Term | None = None,
) -> None:
    """The checks of term_add / term_update that forms run first, to show errors at the field."""
    if code is not None:
        _check_new_code(vocabulary, code)
    _check_parent(vocabulary, parent, term)


def _check_new_code(vocabulary: Vocabulary, code: str) -> None:
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            {
                "code": _(
                    "Use 1 to 60 lower-case letters, digits, dots, hyphens or underscores, "
                    "starting with a letter or a digit."
                )
            }
        )
    if Term.objects.filter(vocabulary=vocabulary, code=code).exists():
        raise ValidationError(
            {
                "code": _(
                    "The code %(code)s is already used in this vocabulary "
                    "(codes of retired terms are never reused)."
                )
                % {"code": code}
            }
        )


def _clean_texts(values: dict[str, str]) -> dict[str, str]:
    return {language: text.strip() for language, text in values.items() if text and text.strip()}


@transaction.atomic
def term_update(
    *,
    term: Term,
    by: User | None,
    labels: dict[str, str] | None = None,
    descriptions: dict[str, str] | None = None,
    order: int | None = None,
    parent: Term | EllipsisType | None = ...,
) -> Term:
    """Change a term's labels, descriptions, order or parent (never its code).

    ``labels`` and ``descriptions`` replace the given languages only. Nothing is
    written when nothing differs.
    """
    term = (
        Term.objects.select_for_update(of=("self",))
        .select_related("vocabulary", "parent")
        .get(pk=term.pk)
    )
    diff: dict[str, list[Any]] = {}
    for name, given in (("labels", labels), ("descriptions", descriptions)):
        if given is None:
            continue
        current: dict[str, str] = dict(getattr(term, name))
        for language, text in given.items():
            text = (text or "").strip()
            if text == current.get(language, ""):
                continue
            diff[f"{name}.{language}"] = [current.get(language), text or None]
            if text:
                current[language] = text
            else:
                current.pop(language, None)
        setattr(term, name, current)
    if not term.labels.get("en"):
        raise ValidationError({"labels": _("The English label is required.")})
    if order is not None and order != term.order:
        if order < 0:
            raise ValidationError({"order": _("The order must be zero or more.")})
        diff["order"] = [term.order, order]
        term.order = order
    if parent is not ...:
        new_parent = parent if isinstance(parent, Term) else None
        if (new_parent.pk if new_parent else None) != term.parent_id:
            _check_parent(term.vocabulary, new_parent, term)
            diff["parent"] = [
                term.parent.code if term.parent else None,
                new_parent.code if new_parent else None,
            ]
            term.parent = new_parent
    if not diff:
        return term
    version = _raise_version(term.vocabulary)
    term.changed_in_version = version
    term.full_clean()
    term.save()
    TermChange.objects.create(
        term=term, version=version, action=TermChange.Action.CHANGED, changes=diff, changed_by=by
    )
    return term


@transaction.atomic
def term_retire(*, term: Term, by: User | None) -> Term:
    """Stop offering a term for new entries; existing links keep working."""
    return _set_retired(term, by, retired=True)


@transaction.atomic
def term_restore(*, term: Term, by: User | None) -> Term:
    """Offer a retired term again."""
    return _set_retired(term, by, retired=False)


def _set_retired(term: Term, by: User | None, *, retired: bool) -> Term:
    term = Term.objects.select_for_update().select_related("vocabulary").get(pk=term.pk)
    if term.retired == retired:
        return term
    version = _raise_version(term.vocabulary)
    term.retired = retired
    term.changed_in_version = version
    term.save(update_fields=["retired", "changed_in_version"])
    TermChange.objects.create(
        term=term,
        version=version,
        action=TermChange.Action.RETIRED if retired else TermChange.Action.RESTORED,
        changes={"retired": [not retired, retired]},
        changed_by=by,
    )
    return term


@transaction.atomic
def term_add(
    *,
    vocabulary: Vocabulary,
    code: str,
    labels: dict[str, str],
    by: User | None,
    descriptions: dict[str, str] | None = None,
    parent: Term | None = None,
    order: int = 0,
) -> Term:
    """Add a term to a vocabulary. Its code is final: it can never be changed or reused."""
    code = (code or "").strip()
    _check_new_code(vocabulary, code)
    labels = _clean_texts(labels)
    if not labels.get("en"):
        raise ValidationError({"labels": _("The English label is required.")})
    if order < 0:
        raise ValidationError({"order": _("The order must be zero or more.")})
    _check_parent(vocabulary, parent)
    vocabulary = Vocabulary.objects.select_for_update().get(pk=vocabulary.pk)
    version = _raise_version(vocabulary)
    term = Term(
        vocabulary=vocabulary,
        code=code,
        labels=labels,
        descriptions=_clean_texts(descriptions or {}),
        parent=parent,
        order=order,
        added_in_version=version,
        changed_in_version=version,
        source=None,
    )
    term.full_clean()
    term.save()
    TermChange.objects.create(
        term=term,
        version=version,
        action=TermChange.Action.ADDED,
        changes={"code": [None, code], "labels.en": [None, labels["en"]]},
        changed_by=by,
    )
    return term


@transaction.atomic
def vocabulary_update(
    *,
    vocabulary: Vocabulary,
    by: User | None,
    labels: dict[str, str] | None = None,
    descriptions: dict[str, str] | None = None,
) -> Vocabulary:
    """Change the name or description of a vocabulary (its code never changes)."""
    if labels is not None:
        vocabulary.labels = {**vocabulary.labels, **_clean_texts(labels)}
    if descriptions is not None:
        vocabulary.descriptions = {**vocabulary.descriptions, **_clean_texts(descriptions)}
    if not vocabulary.labels.get("en"):
        raise ValidationError({"labels": _("The English label is required.")})
    vocabulary.save(update_fields=["labels", "descriptions"])
    return vocabulary
