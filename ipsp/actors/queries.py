"""Reads of the actors package."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from ipsp.actors.models import Actor, normalise_name

SUGGEST_MIN_SCORE = 60
_CANDIDATES_MAX = 400


@dataclass(frozen=True)
class ActorSuggestion:
    public_id: str
    name: str
    score: float


def actor_get_by_public_id(public_id: str) -> Actor | None:
    return Actor.objects.filter(public_id=public_id).first()


def actor_suggest(query: str, limit: int = 8) -> list[ActorSuggestion]:
    """Published actors whose name resembles ``query``, best match first.

    Candidates come from the database (names containing one of the words typed),
    then rapidfuzz ranks them; when the words find too few, every published name
    is ranked, which stays fast for tens of thousands of actors.
    """
    normalised = normalise_name(query)
    if len(normalised) < 2:
        return []
    words = sorted({word for word in normalised.split() if len(word) >= 3}, key=len, reverse=True)
    published = Actor.objects.published()
    candidates: dict[int, tuple[str, str, str]] = {}
    for word in words[:3]:
        rows = published.filter(normalised_name__contains=word).values_list(
            "pk", "public_id", "name", "normalised_name"
        )[:_CANDIDATES_MAX]
        for pk, public_id, name, normal in rows:
            candidates[pk] = (public_id, name, normal)
    if len(candidates) < limit:
        rows = published.values_list("pk", "public_id", "name", "normalised_name")
        for pk, public_id, name, normal in rows.iterator(chunk_size=2000):
            candidates[pk] = (public_id, name, normal)
    if not candidates:
        return []
    keys = list(candidates)
    matches = process.extract(
        normalised,
        [candidates[key][2] for key in keys],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=SUGGEST_MIN_SCORE,
    )
    return [
        ActorSuggestion(
            public_id=candidates[keys[index]][0], name=candidates[keys[index]][1], score=score
        )
        for _choice, score, index in matches
    ]
