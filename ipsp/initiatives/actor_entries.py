"""The initiatives that name an actor, handed to the actors package (which never imports
initiatives: see ``ipsp.actors.entries``). Registered from ``apps.py``."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from ipsp.actors.entries import ActorEntry, EntrySource, register_entry_source
from ipsp.actors.models import Actor, ActorClaim
from ipsp.initiatives.models import Initiative


def initiatives_of_actor(actor: Actor, *, everything: bool) -> list[ActorEntry]:
    """Initiatives that name the actor in their published version, or that the actor
    claimed and had confirmed. Visitors get published ones only; with ``everything``
    (the actor's contributor, the secretariat) drafts and submissions are listed too,
    including those that name the actor in their working copy."""
    named = Q(published_version__organisations__actor=actor)
    if everything:
        named |= Q(pending_version__organisations__actor=actor)
    claimed = Q(actor_claims__actor=actor, actor_claims__state=ActorClaim.State.CONFIRMED)
    rows = Initiative.objects.filter(named | claimed)
    if not everything:
        rows = rows.filter(state=Initiative.State.PUBLISHED)
    rows = rows.select_related("published_version", "pending_version").distinct()
    claimed_ids = set(
        ActorClaim.objects.filter(actor=actor, state=ActorClaim.State.CONFIRMED).values_list(
            "initiative_id", flat=True
        )
    )
    found: list[ActorEntry] = []
    for initiative in rows.order_by("-published_at", "-created_at")[:200]:
        version = initiative.published_version or initiative.pending_version
        published = initiative.state == Initiative.State.PUBLISHED
        found.append(
            ActorEntry(
                public_id=initiative.public_id,
                title=version.title if version else initiative.public_id,
                state=initiative.state,
                state_label=str(initiative.get_state_display()),
                published=published,
                confirmed_by_claim=initiative.pk in claimed_ids,
                url=(
                    reverse("initiatives:detail", kwargs={"public_id": initiative.public_id})
                    if published
                    else ""
                ),
            )
        )
    return found


def initiative_for_claim(public_id: str) -> Initiative | None:
    """The initiative a claim names, by its public id, or None."""
    return Initiative.objects.filter(public_id=public_id).first()


def register() -> None:
    register_entry_source(
        EntrySource(
            key="initiatives",
            entries_of=initiatives_of_actor,
            claimable=initiative_for_claim,
        )
    )
