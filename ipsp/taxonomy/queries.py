"""Reads of the taxonomy, for every other package."""

from __future__ import annotations

from dataclasses import dataclass, field

from ipsp.taxonomy.models import Term


@dataclass(frozen=True)
class TermView:
    vocabulary_code: str
    code: str
    label: str
    themes: list[TermView] = field(default_factory=list)


def agenda_components_with_themes() -> list[TermView]:
    """The five agenda components, each with its transversal themes, in order."""
    terms = list(
        Term.objects.active().of("agenda").select_related("vocabulary").order_by("order", "code")
    )
    themes = list(
        Term.objects.active().of("theme").select_related("parent").order_by("order", "code")
    )
    by_parent: dict[str, list[TermView]] = {}
    for theme in themes:
        parent_code = theme.parent.code if theme.parent else ""
        by_parent.setdefault(parent_code, []).append(TermView("theme", theme.code, theme.label))
    return [
        TermView("agenda", term.code, term.label, by_parent.get(term.code, [])) for term in terms
    ]
