"""The initiatives that name an actor, handed to the actors package (which never imports
initiatives: see ``ipsp.actors.entries``). Registered from ``apps.py``."""

from __future__ import annotations

from django.urls import reverse

from ipsp.actors.entries import ActorEntry, EntrySource, register_entry_source
from ipsp.actors.models import Actor
from ipsp.actors.queries import confirmed_claim_initiative_ids
from ipsp.initiatives.models import Initiative, InitiativeOrganisation

MAX_LISTED = 200


def initiatives_of_actor(actor: Actor, *, everything: bool) -> list[ActorEntry]:
    """Initiatives that name the actor in their published version, or that the actor
    claimed and had confirmed. Visitors get published ones only; with ``everything``
    (the actor's contributor, the secretariat) drafts and submissions are listed too,
    including those that name the actor in their working copy."""
    # The actor's few initiatives first, by their indexes, then those rows by primary
    # key: an OR across joined tables (or a filter on the state) makes the database read
    # every published initiative (~0.1-0.4 s at 100,000). No ordering of these id lists
    # (the models' default one costs a sort and its compilation for nothing).
    naming = list(
        InitiativeOrganisation.objects.filter(actor=actor)
        .order_by()
        .values_list("version_id", "version__initiative_id")
    )
    version_ids = {version_id for version_id, _initiative_id in naming}
    claimed_ids = confirmed_claim_initiative_ids(actor)
    candidates = claimed_ids | {initiative_id for _version_id, initiative_id in naming}
    if not candidates:
        return []
    rows = Initiative.objects.filter(pk__in=candidates)
    if not everything:
        rows = rows.filter(state=Initiative.State.PUBLISHED)
    # only what the list shows: a version's texts can run to thousands of words
    rows = rows.select_related("published_version", "pending_version").only(
        "public_id",
        "state",
        "published_at",
        "created_at",
        "published_version__title",
        "pending_version__title",
    )
    found: list[ActorEntry] = []
    for initiative in rows.order_by("-published_at", "-created_at"):
        claimed = initiative.pk in claimed_ids
        named = initiative.published_version_id in version_ids or (
            everything and initiative.pending_version_id in version_ids
        )
        if not (named or claimed):
            continue  # named by a version that is neither published nor being edited
        if len(found) == MAX_LISTED:
            break
        version = initiative.published_version or initiative.pending_version
        published = initiative.state == Initiative.State.PUBLISHED
        found.append(
            ActorEntry(
                public_id=initiative.public_id,
                title=version.title if version else initiative.public_id,
                state=initiative.state,
                state_label=str(Initiative.State(initiative.state).label),
                published=published,
                confirmed_by_claim=claimed,
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
