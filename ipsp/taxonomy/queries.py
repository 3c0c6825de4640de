"""Reads of the taxonomy, for every other package.

Other packages keep terms by code (``"sdg"``, ``"5"``) or by foreign key to
``Term``; they check what people send with ``terms_resolve`` and offer choices
with ``forms.TermChoiceField`` / ``forms.TermMultipleChoiceField``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.db.models.fields.json import KT
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ipsp.taxonomy.models import Term, TermQuerySet, Vocabulary


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


def overarching_themes() -> list[TermView]:
    """The transversal themes that belong to no single agenda component."""
    return [
        TermView("theme", term.code, term.label)
        for term in Term.objects.active().of("theme").filter(parent__isnull=True)
    ]


# --- Checking input ----------------------------------------------------------------------


def vocabulary_get(code: str) -> Vocabulary:
    """The vocabulary with this code; a LookupError names it when there is none."""
    vocabulary = Vocabulary.objects.filter(code=code).first()
    if vocabulary is None:
        raise LookupError(f"There is no vocabulary {code!r}; is the taxonomy loaded?")
    return vocabulary


def terms_resolve(vocabulary_code: str, codes: Iterable[str]) -> list[Term]:
    """The active terms with these codes, in the order given, without repeats.

    Raises a ValidationError with one clear, localised message per code that is
    unknown in the vocabulary or retired.
    """
    vocabulary = vocabulary_get(vocabulary_code)
    wanted = list(dict.fromkeys(str(code).strip() for code in codes))
    found = {
        term.code: term
        for term in Term.objects.filter(vocabulary=vocabulary, code__in=wanted).select_related(
            "vocabulary", "parent"
        )
    }
    errors = []
    for code in wanted:
        term = found.get(code)
        if term is None:
            errors.append(
                ValidationError(
                    _("“%(code)s” is not a code of the vocabulary “%(vocabulary)s”."),
                    code="unknown_term",
                    params={"code": code, "vocabulary": vocabulary.label},
                )
            )
        elif term.retired:
            errors.append(
                ValidationError(
                    _(
                        "“%(label)s” (%(code)s) has been retired from the vocabulary "
                        "“%(vocabulary)s” and can no longer be chosen."
                    ),
                    code="retired_term",
                    params={"code": code, "label": term.label, "vocabulary": vocabulary.label},
                )
            )
    if errors:
        raise ValidationError(errors)
    return [found[code] for code in wanted]


def term_resolve(vocabulary_code: str, code: str) -> Term:
    """The one active term with this code (see ``terms_resolve``)."""
    return terms_resolve(vocabulary_code, [code])[0]


# --- Lists --------------------------------------------------------------------------------


def sort_key(label: str) -> str:
    """A sort key that ignores case and accents, so "Éthiopie" comes before "Fidji"."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def terms_of(vocabulary_code: str, *, include_retired: bool = False) -> TermQuerySet:
    terms = Term.objects.of(vocabulary_code).select_related("vocabulary", "parent")
    return terms if include_retired else terms.active()


def terms_by_label(terms: Iterable[Term]) -> list[Term]:
    """Terms sorted by their label in the active language."""
    return sorted(terms, key=lambda term: sort_key(term.label))


def country_terms() -> list[Term]:
    """Every active country, sorted by its name in the active language."""
    return terms_by_label(terms_of("country"))


def language_terms() -> list[Term]:
    """Every active language, sorted by its name in the active language."""
    return terms_by_label(terms_of("language"))


def region_of(country_code: str) -> Term | None:
    """The UN M49 sub-region (or intermediate region) a country belongs to."""
    country = terms_of("country", include_retired=True).filter(code=country_code.upper()).first()
    return country.parent if country else None


def regions_of(country_code: str) -> list[Term]:
    """The UN M49 regions a country belongs to, from the widest (e.g. Africa) down."""
    regions = []
    region = region_of(country_code)
    while region is not None:
        regions.append(region)
        region = region.parent
    return list(reversed(regions))


# --- Public pages -------------------------------------------------------------------------


def vocabulary_list_public() -> list[Vocabulary]:
    """Every vocabulary with its active terms (and their parents), in order."""
    return list(
        Vocabulary.objects.prefetch_related(
            Prefetch(
                "terms",
                queryset=Term.objects.active().order_by("order", "code"),
                to_attr="active_terms",
            )
        )
    )


def term_get_public(vocabulary_code: str, code: str) -> Term:
    """A term for its public page (retired ones too); Term.DoesNotExist if none."""
    return Term.objects.select_related("vocabulary", "parent", "parent__vocabulary").get(
        vocabulary__code=vocabulary_code, code=code
    )


def term_children(term: Term) -> list[Term]:
    """The active terms whose parent is this term (in any vocabulary), in order."""
    children = Term.objects.active().filter(parent=term).select_related("vocabulary")
    if term.vocabulary.code == "region":
        # Countries, and sub-regions; each group sorted as people look for it.
        own = [child for child in children if child.vocabulary_id == term.vocabulary_id]
        others = terms_by_label(child for child in children if child not in own)
        return sorted(own, key=lambda child: (child.order, child.code)) + others
    return list(children.order_by("vocabulary__order", "order", "code"))


def term_ancestors(term: Term) -> list[Term]:
    """The parents of a term, from the widest down."""
    ancestors = []
    parent = term.parent
    while parent is not None:
        ancestors.append(parent)
        parent = Term.objects.select_related("vocabulary", "parent").get(pk=parent.pk).parent
    return list(reversed(ancestors))


def term_sitemap_items() -> list[tuple[str, str]]:
    """(vocabulary code, term code) of every active term."""
    return list(Term.objects.active().values_list("vocabulary__code", "code").order_by("pk"))


def _terms_among(wanted: Mapping[str, Iterable[str]]) -> tuple[TermQuerySet, set[tuple[str, str]]]:
    """The terms that may be among ``wanted`` (two lists: the vocabularies and the codes,
    which the ORM compiles much faster than one condition per vocabulary), and the
    (vocabulary, code) pairs wanted, to keep only those of the rows."""
    pairs = {(vocabulary, code) for vocabulary, codes in wanted.items() for code in codes}
    rows = Term.objects.filter(
        vocabulary__code__in=sorted({vocabulary for vocabulary, _code in pairs}),
        code__in=sorted({code for _vocabulary, code in pairs}),
    )
    return rows, pairs


def term_labels(wanted: Mapping[str, Iterable[str]]) -> dict[tuple[str, str], str]:
    """Labels in the active language of terms given by vocabulary code -> term codes, as
    ``{(vocabulary code, term code): label}``: one query. The database picks each term's
    label (the language, its base, English, else the code), so a page labelling hundreds
    of codes reads one string each, not every term's labels in all languages. Codes that
    are not terms are missing from the answer."""
    rows, pairs = _terms_among(wanted)
    if not pairs:
        return {}
    language = get_language() or "en"
    keys = dict.fromkeys([language, language.split("-")[0], "en"])
    return {
        (vocabulary, code): next((text for text in found if text), code)
        for vocabulary, code, *found in rows.values_list(
            "vocabulary__code", "code", *(KT(f"labels__{key}") for key in keys)
        )
        if (vocabulary, code) in pairs
    }


def known_codes(wanted: Mapping[str, Iterable[str]]) -> set[tuple[str, str]]:
    """The (vocabulary code, term code) pairs among ``wanted`` that are terms: one query."""
    rows, pairs = _terms_among(wanted)
    if not pairs:
        return set()
    return set(rows.values_list("vocabulary__code", "code")) & pairs


def term_codes(vocabulary_code: str) -> list[str]:
    """Every code of a vocabulary, retired terms included (what an index may hold)."""
    return list(Term.objects.of(vocabulary_code).values_list("code", flat=True))
