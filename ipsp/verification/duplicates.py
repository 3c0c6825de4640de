"""Near-duplicate detection: is this new entry the same as one we already have?

Directory packages keep a normalised title and organisation (``normalise``) and
hand their entries over as ``Candidate``s through a callable, so this module
never queries their tables. Scores are 0-100 (rapidfuzz).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from ipsp.verification import conf
from ipsp.verification.types import Candidate, CandidateSource, SimilarEntry

COUNTRY_MISMATCH_PENALTY = 15.0
TITLE_WEIGHT = 0.7


def normalise(text: str) -> str:
    """Lower case, without accents or punctuation: 'Café-Écoles!' -> 'cafe ecoles'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = re.sub(r"[\W_]+", " ", stripped.casefold())
    return " ".join(cleaned.split())


def _similarity(a: str, b: str) -> float:
    return max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a, b))


def similar_entries(
    title: str,
    organisation: str,
    country: str,
    candidates: CandidateSource | Iterable[Candidate],
    *,
    threshold: float | None = None,
    limit: int = 5,
    exclude: Iterable[str] = (),
) -> list[SimilarEntry]:
    """The existing entries most like this one, best first, scoring at least ``threshold``."""
    threshold = conf.get("DUPLICATE_SCORE") if threshold is None else threshold
    country = (country or "").strip().upper()
    pool = candidates(country) if callable(candidates) else candidates
    skip = set(exclude)
    entries = [c for c in pool if c.public_id not in skip]
    wanted_title = normalise(title)
    if not wanted_title or not entries:
        return []
    wanted_org = normalise(organisation)
    titles = [normalise(c.title) for c in entries]
    # a first pass on titles keeps the comparison cheap on thousands of candidates
    rough = process.extract(
        wanted_title,
        titles,
        scorer=fuzz.token_sort_ratio,
        limit=max(limit * 10, 50),
        score_cutoff=max(0.0, threshold - 30),
    )
    found: list[SimilarEntry] = []
    for _choice, _rough_score, index in rough:
        entry = entries[index]
        title_score = _similarity(wanted_title, titles[index])
        entry_org = normalise(entry.organisation)
        org_score = _similarity(wanted_org, entry_org) if wanted_org and entry_org else None
        score = (
            title_score
            if org_score is None
            else TITLE_WEIGHT * title_score + (1 - TITLE_WEIGHT) * org_score
        )
        entry_country = (entry.country or "").strip().upper()
        if country and entry_country and entry_country != country:
            score -= COUNTRY_MISMATCH_PENALTY
        if score >= threshold:
            found.append(
                SimilarEntry(
                    public_id=entry.public_id,
                    title=entry.title,
                    organisation=entry.organisation,
                    country=entry_country,
                    score=score,
                    title_score=title_score,
                    organisation_score=org_score,
                )
            )
    found.sort(key=lambda item: (-item.score, item.public_id))
    return found[:limit]
