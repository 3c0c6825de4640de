"""The initiatives that name an actor, handed to the actors package (which never imports
initiatives: see ``ipsp.actors.entries``). Registered from ``apps.py``."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from ipsp.actors.entries import ActorEntry, EntrySource, register_entry_source
from ipsp.actors.models import Actor, ActorClaim
from ipsp.initiatives.models import Initiative, InitiativeOrganisation, InitiativeVersion


def initiatives_of_actor(actor: Actor, *, everything: bool) -> list[ActorEntry]:
    """Initiatives that name the actor in their published version, or that the actor
    claimed and had confirmed. Visitors get published ones only; with ``everything``
    (the actor's contributor, the secretariat) drafts and submissions are listed too,
    including those that name the actor in their working copy."""
    # The actor's few initiatives first, by their indexes, then those rows by primary
    # key: an OR across joined tables (or a filter on the state) makes the database read
    # every published initiative (~0.1-0.4 s at 100,000).
    versions = InitiativeOrganisation.objects.filter(actor=actor).values("version_id")
    named = Q(published_version__in=versions)
    if everything:
        named |= Q(pending_version__in=versions)
    claimed_ids = set(
        ActorClaim.objects.filter(actor=actor, state=ActorClaim.State.CONFIRMED).values_list(
            "initiative_id", flat=True
        )
    )
    candidates = claimed_ids | set(
        InitiativeVersion.objects.filter(organisations__actor=actor).values_list(
            "initiative_id", flat=True
        )
    )
    rows = Initiative.objects.filter(pk__in=candidates).filter(named | Q(pk__in=claimed_ids))
    if not everything:
        rows = rows.filter(state=Initiative.State.PUBLISHED)
    rows = rows.select_related("published_version", "pending_version")
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
