"""Reads of the public pages of initiatives: the page, its versions, DOIs and sitemap.

Every function here loads what a page shows in a fixed number of queries, whatever
the number of terms, links, places or versions (the page tests count them).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Max, Q, QuerySet

from ipsp.accounts.models import User
from ipsp.core.panels import PanelEntry
from ipsp.identifiers.queries import EntryDois, entry_dois
from ipsp.initiatives import queries
from ipsp.initiatives.citable import KIND
from ipsp.initiatives.models import (
    Initiative,
    InitiativeLink,
    InitiativeVersion,
)
from ipsp.taxonomy.models import Term, Vocabulary


def initiative_dois(initiative: Initiative) -> EntryDois:
    return entry_dois(KIND, initiative.public_id)


def initiative_public(public_id: str) -> Initiative | None:
    """A published or withdrawn initiative with its published version fully loaded.

    Never the pending version: an edit waiting for validation stays out of sight.
    """
    return queries.initiative_get_public(public_id)


def published_version_count(initiative: Initiative) -> int:
    """How many versions were published. Each publication numbers its version one more
    than the last (``initiative_publish``) and versions are never deleted, so the
    current published version's number is the count: no query."""
    version = initiative.published_version
    if version is not None and version.number:
        return version.number
    return initiative.versions.filter(number__isnull=False).count()


def published_version(initiative: Initiative, number: int) -> InitiativeVersion | None:
    """One published version (current or superseded) with its content loaded."""
    version = queries.version_get(initiative, number)
    if version is None or version.state not in {
        InitiativeVersion.State.PUBLISHED,
        InitiativeVersion.State.SUPERSEDED,
    }:
        return None
    return version


def published_versions(initiative: Initiative) -> list[InitiativeVersion]:
    """The published versions, newest first (no content loaded)."""
    return [
        version
        for version in queries.version_list(initiative)
        if version.state in {InitiativeVersion.State.PUBLISHED, InitiativeVersion.State.SUPERSEDED}
    ]


# --- what the page shows, grouped --------------------------------------------------------


@dataclass(frozen=True)
class TermGroup:
    vocabulary: Vocabulary
    terms: list[Term]


def term_groups(version: InitiativeVersion) -> list[TermGroup]:
    """The version's terms by vocabulary, in the vocabularies' order (from the prefetch)."""
    groups: dict[int, TermGroup] = {}
    for term in sorted(
        version.terms.all(), key=lambda t: (t.vocabulary.order, t.vocabulary.code, t.order, t.code)
    ):
        group = groups.setdefault(term.vocabulary_id, TermGroup(term.vocabulary, []))
        group.terms.append(term)
    return list(groups.values())


def links_of_kind(version: InitiativeVersion, kind: str) -> list[InitiativeLink]:
    return [link for link in version.links.all() if link.kind == kind]


# --- the sitemap --------------------------------------------------------------------------


def initiatives_for_sitemap() -> QuerySet[Initiative]:
    """Published initiatives (not the withdrawn ones) with the date of their last change."""
    return (
        Initiative.objects.published()
        .filter(published_version__isnull=False)
        .annotate(
            last_version_at=Max(
                "versions__published_at",
                filter=Q(versions__number__isnull=False),
            )
        )
        .only("public_id", "published_at", "last_confirmed_at")
        .order_by("published_at", "pk")
    )


def last_modified(initiative: Initiative) -> datetime.datetime | None:
    return getattr(initiative, "last_version_at", None) or initiative.published_at


def organisations_of_published(public_ids: Iterable[str]) -> dict[str, list[tuple[str, str, bool]]]:
    """The organisations of published initiatives, by initiative public id: one query.

    Each as ``(actor public id, name, actor published)``, in the initiative's order.
    (Topic pages name the main actors of a group of initiatives with this.)
    """
    from ipsp.actors.models import Actor
    from ipsp.initiatives.models import InitiativeOrganisation

    found: dict[str, list[tuple[str, str, bool]]] = {}
    rows = (
        InitiativeOrganisation.objects.filter(
            version__initiative__public_id__in=list(public_ids),
            version__initiative__state=Initiative.State.PUBLISHED,
            version__initiative__published_version=models.F("version"),
        )
        .order_by("version__initiative__public_id", "order")
        .values_list(
            "version__initiative__public_id", "actor__public_id", "actor__name", "actor__state"
        )
    )
    for initiative_id, actor_id, name, state in rows:
        found.setdefault(initiative_id, []).append((actor_id, name, state == Actor.State.PUBLISHED))
    return found


def message_recipient(initiative: Initiative) -> tuple[User, str, str] | None:
    """Who receives messages about the initiative, at which address and in which language:
    its contributor if active, at the initiative's own contact address first (as its other
    notifications), else theirs; None when nobody can. Reads the loaded contributor only."""
    contributor = initiative.contributor
    address = initiative.contact_email or contributor.notification_email
    if not (contributor.is_active and address):
        return None
    return contributor, address, initiative.language or contributor.language


def panel_entry(initiative: Initiative) -> PanelEntry:
    """The initiative as its page's panels see it (ipsp.core.panels), from what is loaded."""
    recipient = message_recipient(initiative)
    return PanelEntry(
        kind=KIND,
        public_id=initiative.public_id,
        pk=initiative.pk,
        title=str(initiative),
        published=(
            initiative.state == Initiative.State.PUBLISHED
            and initiative.published_version_id is not None
        ),
        holder_ids=(recipient[0].pk,) if recipient else (),
    )
