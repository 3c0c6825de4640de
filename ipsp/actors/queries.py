"""Reads of the actors package.

What visitors see goes through ``ipsp.actors.public.actor_public``; the functions
here load actors (with their content prefetched) and the rows around them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from rapidfuzz import fuzz, process, utils

from ipsp.actors.entries import ActorEntry, ClaimableEntry, entry_sources
from ipsp.actors.models import Actor, ActorClaim, match_key, normalise_name
from ipsp.core.panels import PanelEntry
from ipsp.taxonomy.models import Term

if TYPE_CHECKING:
    from ipsp.accounts.models import User

SUGGEST_MIN_SCORE = 60
_CANDIDATES_MAX = 400


@dataclass(frozen=True)
class ActorSuggestion:
    public_id: str
    name: str
    score: float


def with_content() -> QuerySet[Actor]:
    """Actors with everything ``actor_public`` and the page's panels read, in a fixed
    number of queries."""
    terms = Term.objects.select_related("vocabulary")
    return Actor.objects.select_related("merged_into", "owner").prefetch_related(
        Prefetch("terms", queryset=terms),
        Prefetch("collaboration_terms", queryset=terms),
        "links",
        "places",
    )


def actor_get_by_public_id(public_id: str) -> Actor | None:
    return Actor.objects.filter(public_id=public_id).first()


def actor_get_with_content(public_id: str) -> Actor | None:
    return with_content().filter(public_id=public_id).first()


def actor_suggest(query: str, limit: int = 8) -> list[ActorSuggestion]:
    """Published actors whose name (or public other name or acronym) resembles ``query``.

    Candidates come from the database (names containing one of the words typed),
    then rapidfuzz ranks them; when the words find too few, every published name
    is ranked, which stays fast for tens of thousands of actors. Only public names
    are compared and returned: ``public_names`` is written from the public view.
    """
    normalised = normalise_name(query)
    if len(normalised) < 2:
        return []
    key = match_key(query) or normalised
    words = sorted({word for word in normalised.split() if len(word) >= 3}, key=len, reverse=True)
    published = Actor.objects.published()
    columns = ("pk", "public_id", "name", "match_key", "public_names")
    candidates: dict[int, tuple[str, str, str, str]] = {}
    for word in words[:3]:
        rows = published.filter(
            Q(normalised_name__contains=word) | Q(public_names__contains=word)
        ).values_list(*columns)[:_CANDIDATES_MAX]
        for pk, public_id, name, key_of, names in rows:
            candidates[pk] = (public_id, name, key_of, names)
    if len(candidates) < limit:
        rows = published.values_list(*columns)
        for pk, public_id, name, key_of, names in rows.iterator(chunk_size=2000):
            candidates[pk] = (public_id, name, key_of, names)
    if not candidates:
        return []
    choices: list[str] = []
    owners: list[int] = []
    for pk, (_public_id, _name, key_of, names) in candidates.items():
        for text in (key_of, *[n for n in names.split(" | ") if n]):
            choices.append(text)
            owners.append(pk)
    matches = process.extract(
        key,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit * 3,
        score_cutoff=SUGGEST_MIN_SCORE,
    )
    best: dict[int, float] = {}
    for _choice, score, index in matches:
        pk = owners[index]
        best[pk] = max(best.get(pk, 0.0), score)
    ranked = sorted(best.items(), key=lambda item: (-item[1], candidates[item[0]][1]))[:limit]
    return [
        ActorSuggestion(public_id=candidates[pk][0], name=candidates[pk][1], score=score)
        for pk, score in ranked
    ]


# --- contributors ----------------------------------------------------------------------


def actors_for_owner(user: User) -> QuerySet[Actor]:
    return (
        Actor.objects.filter(owner=user)
        .exclude(state=Actor.State.MERGED)
        .select_related("created_from_initiative")
        .order_by("-created_at")
    )


def claims_for_initiative_contributor(user: User) -> QuerySet[ActorClaim]:
    """Pending claims on the initiatives of ``user``: theirs to confirm or refuse."""
    return (
        ActorClaim.objects.filter(state=ActorClaim.State.PENDING, initiative__contributor=user)
        .select_related("actor", "initiative")
        .order_by("created_at")
    )


def claims_of_actor(actor: Actor) -> QuerySet[ActorClaim]:
    return actor.claims.select_related("initiative").order_by("-created_at")


def confirmed_claim_initiative_ids(actor: Actor) -> set[int]:
    """The ids of the initiatives whose claim by the actor was confirmed (by index, unordered)."""
    return set(
        ActorClaim.objects.filter(actor=actor, state=ActorClaim.State.CONFIRMED)
        .order_by()
        .values_list("initiative_id", flat=True)
    )


def claims_pending() -> QuerySet[ActorClaim]:
    return (
        ActorClaim.objects.filter(state=ActorClaim.State.PENDING)
        .select_related("actor", "initiative")
        .order_by("created_at")
    )


# --- the secretariat ---------------------------------------------------------------------


def actors_awaiting_decision() -> QuerySet[Actor]:
    """New submissions and edits of published actors, oldest first."""
    return (
        Actor.objects.filter(
            Q(state__in=[Actor.State.SUBMITTED, Actor.State.IN_VALIDATION])
            | Q(state=Actor.State.PUBLISHED, edit_state=Actor.EditState.SUBMITTED)
        )
        .select_related("owner")
        .order_by("submitted_at", "pk")
    )


# --- the actor's initiatives -------------------------------------------------------------


def actor_initiatives(actor: Actor, *, everything: bool = False) -> list[ActorEntry]:
    """Initiatives that name the actor in their published version, or that the actor
    claimed and had confirmed. Visitors get published ones only; with ``everything``
    (the actor's contributor, the secretariat) drafts and submissions are listed too,
    including those that name the actor in their working copy.

    Asks the packages that registered an entry source (``ipsp.actors.entries``): the
    initiatives package links to actors, not the other way round.
    """
    found: list[ActorEntry] = []
    for source in entry_sources():
        found.extend(source.entries_of(actor, everything=everything))
    return found


def initiative_for_claim(public_id: str) -> ClaimableEntry | None:
    """The initiative a claim names, by its public id, or None."""
    for source in entry_sources():
        if source.claimable is not None:
            entry = source.claimable(public_id)
            if entry is not None:
                return entry
    return None


# --- the sitemap -------------------------------------------------------------------------


def actors_for_sitemap() -> QuerySet[Actor]:
    return (
        Actor.objects.published()
        .only("public_id", "published_at", "last_published_at")
        .order_by("published_at", "pk")
    )


def last_modified(actor: Actor) -> datetime.datetime | None:
    return actor.last_published_at or actor.published_at


def message_recipient(actor: Actor) -> tuple[User, str, str] | None:
    """Who receives messages about the organisation, at which address and in which
    language: its owner if active with a notification address; None when nobody can."""
    owner = actor.owner
    if owner is None or not (owner.is_active and owner.notification_email):
        return None
    return owner, owner.notification_email, actor.language or owner.language


def panel_entry(actor: Actor) -> PanelEntry:
    """The organisation as its page's panels see it (ipsp.core.panels), from what is loaded
    (``with_content`` brings the owner)."""
    recipient = message_recipient(actor)
    return PanelEntry(
        kind="actor",
        public_id=actor.public_id,
        pk=actor.pk,
        title=actor.name,
        published=actor.state == Actor.State.PUBLISHED,
        holder_ids=(recipient[0].pk,) if recipient else (),
    )
