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


class GroupedTermIterator(forms.models.ModelChoiceIterator):
    """Choices grouped by parent term, each group sorted as people expect."""

    field: _TermFieldMixin

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        terms = list(self.queryset)
        if not any(term.parent_id for term in terms):
            for term in self.field.sorted_terms(terms):
                yield self.choice(term)
            return
        own_codes = {term.pk for term in terms}
        groups: dict[int | None, list[Term]] = {}
        parents: dict[int, Term] = {}
        for term in terms:
            # In a vocabulary that is its own parent (disciplines), a top-level
            # term heads its group and can be chosen too.
            if term.parent_id is None and term.pk in own_codes and self.field.self_hierarchical:
                groups.setdefault(term.pk, []).insert(0, term)
                parents[term.pk] = term
                continue
            groups.setdefault(term.parent_id, []).append(term)
            if term.parent is not None:
                parents[term.parent_id] = term.parent
        for term in self.field.sorted_terms(groups.pop(None, [])):
            yield self.choice(term)
        ordered = sorted(
            groups.items(), key=lambda item: (parents[item[0]].order, parents[item[0]].code)
        )
        for parent_id, members in ordered:
            head = [m for m in members if m.pk == parent_id]
            rest = self.field.sorted_terms([m for m in members if m.pk != parent_id])
            yield (parents[parent_id].label, [self.choice(term) for term in head + rest])


class _TermFieldMixin:
    iterator = GroupedTermIterator
    empty_label: str | None
    self_hierarchical: bool
    vocabulary_code: str
    sort_by_label: bool

    def _setup(self, vocabulary_code: str) -> dict[str, Any]:
        self.vocabulary_code = vocabulary_code
        # Countries and languages read best alphabetically; curated lists in their order.
        self.sort_by_label = vocabulary_code in {"country", "language"}
        self.self_hierarchical = vocabulary_code in {"discipline", "region"}
        queryset = (
            Term.objects.active()
            .of(vocabulary_code)
            .select_related("parent")
            .order_by("order", "code")
        )
        return {"queryset": queryset, "to_field_name": "code"}

    def sorted_terms(self, terms: list[Term]) -> list[Term]:
        if self.sort_by_label:
            return queries.terms_by_label(terms)
        return sorted(terms, key=lambda term: (term.order, term.code))

    def label_from_instance(self, obj: Term) -> str:
        return obj.label

    def resolve(self, codes: list[str]) -> list[Term]:
        try:
            return queries.terms_resolve(self.vocabulary_code, codes)
        except ValidationError as error:
            raise ValidationError(error.messages, code="invalid_choice") from error


class TermChoiceField(_TermFieldMixin, forms.ModelChoiceField):
    """Choose one active term of a vocabulary; the value is the term."""

    def __init__(self, vocabulary_code: str, **kwargs: Any) -> None:
        kwargs = {**self._setup(vocabulary_code), **kwargs}
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Term | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Term):
            value = value.code
        return self.resolve([str(value)])[0]


class TermMultipleChoiceField(_TermFieldMixin, forms.ModelMultipleChoiceField):
    """Choose any number of active terms of a vocabulary; the value is a list of terms."""

    def __init__(self, vocabulary_code: str, **kwargs: Any) -> None:
        kwargs = {**self._setup(vocabulary_code), **kwargs}
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[Term]:  # type: ignore[override]
        value = self.prepare_value(value)
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if not value:
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        codes = [item.code if isinstance(item, Term) else str(item) for item in value]
        terms = self.resolve(codes)
        self.run_validators(terms)
        return terms
