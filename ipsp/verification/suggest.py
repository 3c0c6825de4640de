"""Suggested taxonomy terms for an entry, from the words of its text.

A plain, explainable heuristic the secretariat can overrule: a term is suggested
when most of the significant words of one of its labels (in any UI language)
occur in the entry's text. Directory packages call ``terms_suggest`` from their
``suggest_terms`` handler.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ipsp.taxonomy.models import Term
from ipsp.verification.duplicates import normalise
from ipsp.verification.types import TermRef

# Vocabularies worth suggesting from text (countries come from places, languages from detection).
VOCABULARIES = ("theme", "agenda", "sdg", "activity_type", "project_type", "audience")
SHORT = 4  # words shorter than this carry little meaning in alphabetic scripts
STOP = {
    "with",
    "from",
    "that",
    "this",
    "their",
    "other",
    "and",
    "pour",
    "dans",
    "avec",
    "para",
    "como",
}
_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(normalise(text)) if len(w) >= SHORT and w not in STOP}


def _label_matches(label: str, text_words: set[str], text: str) -> bool:
    words = _words(label)
    if not words:
        # scripts without spaces (Chinese, Japanese): the label inside the text
        cleaned = normalise(label)
        return len(cleaned) >= 2 and cleaned in text
    found = sum(1 for word in words if word in text_words or word.rstrip("s") in text_words)
    return found >= max(1, (len(words) * 2 + 2) // 3)


def terms_suggest(
    text: str,
    *,
    exclude: Iterable[str] = (),
    vocabularies: Iterable[str] = VOCABULARIES,
    limit: int = 8,
) -> list[TermRef]:
    """Terms whose labels appear in ``text``, as ``TermRef``s, skipping keys in ``exclude``."""
    skip = set(exclude)
    text_norm = normalise(text)
    text_words = _words(text)
    if not text_words and not text_norm:
        return []
    found: list[TermRef] = []
    terms = (
        Term.objects.active()
        .filter(vocabulary__code__in=list(vocabularies))
        .select_related("vocabulary")
        .order_by("vocabulary__code", "code")
    )
    for term in terms:
        key = f"{term.vocabulary.code}:{term.code}"
        if key in skip:
            continue
        if any(
            _label_matches(label, text_words, text_norm) for label in (term.labels or {}).values()
        ):
            found.append(
                TermRef(
                    vocabulary=term.vocabulary.code,
                    code=term.code,
                    label=term.label,
                    vocabulary_label=term.vocabulary.label,
                )
            )
            if len(found) >= limit:
                break
    return found
