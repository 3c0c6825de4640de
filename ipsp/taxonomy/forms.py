"""Form fields that other packages use to let people choose terms.

The submitted values are term *codes* (never database ids); the labels are in
the active language; terms with parents are grouped under them (HTML optgroups).
An unknown or retired code gets the same clear message as ``terms_resolve``.

    themes = TermMultipleChoiceField("theme", label=_("Themes"))
    country = TermChoiceField("country", label=_("Country"))
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ipsp.taxonomy import queries
from ipsp.taxonomy.models import Term

# Countries and languages read best alphabetically; curated lists in their own order.
SORTED_BY_LABEL = {"country", "language"}
# Vocabularies whose top-level terms head their group and can be chosen too.
SELF_HIERARCHICAL = {"discipline", "region"}


def _queryset(vocabulary_code: str) -> Any:
    return (
        Term.objects.active().of(vocabulary_code).select_related("parent").order_by("order", "code")
    )


def _sorted(vocabulary_code: str, terms: list[Term]) -> list[Term]:
    if vocabulary_code in SORTED_BY_LABEL:
        return queries.terms_by_label(terms)
    return sorted(terms, key=lambda term: (term.order, term.code))


def _resolve(vocabulary_code: str, codes: list[str]) -> list[Term]:
    try:
        return queries.terms_resolve(vocabulary_code, codes)
    except ValidationError as error:
        raise ValidationError(error.messages, code="invalid_choice") from error


class GroupedTermIterator(forms.models.ModelChoiceIterator):
    """Choices grouped by parent term, each group sorted as people expect."""

    def __iter__(self) -> Iterator[Any]:
        field: Any = self.field
        vocabulary_code: str = field.vocabulary_code
        if field.empty_label is not None:
            yield ("", field.empty_label)
        terms = list(self.queryset)
        if not any(term.parent_id for term in terms):
            for term in _sorted(vocabulary_code, terms):
                yield self.choice(term)
            return
        heads = vocabulary_code in SELF_HIERARCHICAL
        ungrouped: list[Term] = []
        groups: dict[int, list[Term]] = {}
        parents: dict[int, Term] = {}
        for term in terms:
            if term.parent_id is None and heads:
                groups.setdefault(term.pk, []).insert(0, term)
                parents[term.pk] = term
            elif term.parent is None:
                ungrouped.append(term)
            else:
                groups.setdefault(term.parent.pk, []).append(term)
                parents[term.parent.pk] = term.parent
        for term in _sorted(vocabulary_code, ungrouped):
            yield self.choice(term)
        for parent_id in sorted(groups, key=lambda pk: (parents[pk].order, parents[pk].code)):
            members = groups[parent_id]
            head = [m for m in members if m.pk == parent_id]
            rest = _sorted(vocabulary_code, [m for m in members if m.pk != parent_id])
            yield (parents[parent_id].label, [self.choice(term) for term in head + rest])


class TermChoiceField(forms.ModelChoiceField):
    """Choose one active term of a vocabulary; the value is the term."""

    iterator = GroupedTermIterator

    def __init__(self, vocabulary_code: str, **kwargs: Any) -> None:
        self.vocabulary_code = vocabulary_code
        kwargs = {"queryset": _queryset(vocabulary_code), "to_field_name": "code", **kwargs}
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Term) -> str:  # type: ignore[override]
        return obj.label

    def to_python(self, value: Any) -> Term | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Term):
            value = value.code
        return _resolve(self.vocabulary_code, [str(value)])[0]


class TermMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choose any number of active terms of a vocabulary; the value is a list of terms."""

    iterator = GroupedTermIterator

    def __init__(self, vocabulary_code: str, **kwargs: Any) -> None:
        self.vocabulary_code = vocabulary_code
        kwargs = {"queryset": _queryset(vocabulary_code), "to_field_name": "code", **kwargs}
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Term) -> str:  # type: ignore[override]
        return obj.label

    def clean(self, value: Any) -> list[Term]:  # type: ignore[override]
        value = self.prepare_value(value)
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if not value:
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        codes = [item.code if isinstance(item, Term) else str(item) for item in value]
        terms = _resolve(self.vocabulary_code, codes)
        self.run_validators(terms)
        return terms
