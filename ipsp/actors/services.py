"""Writes of the actors package (the minimal part the initiative form needs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from ipsp.actors.models import Actor, normalise_name

if TYPE_CHECKING:
    from ipsp.initiatives.models import Initiative

NAME_MAX = 200


class ActorError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@transaction.atomic
def actor_find_or_create_draft(*, name: str, initiative: Initiative | None = None) -> Actor:
    """The actor of that name (case, accents and punctuation aside), or a new draft one.

    A published actor is preferred over a draft of the same name, so that an
    organisation typed by hand links to the directory entry when there is one.
    """
    cleaned = " ".join(name.split())
    normalised = normalise_name(cleaned)
    if not normalised:
        raise ActorError("name", _("An organisation needs a name."))
    if len(cleaned) > NAME_MAX:
        raise ActorError(
            "name",
            _("The name of an organisation is at most %(max)s characters.") % {"max": NAME_MAX},
        )
    existing = (
        Actor.objects.filter(normalised_name=normalised)
        .order_by("-state", "created_at")  # "published" sorts after "draft": take it first
        .first()
    )
    if existing is not None:
        return existing
    actor = Actor(
        name=cleaned,
        normalised_name=normalised,
        state=Actor.State.DRAFT,
        created_from_initiative=initiative,
    )
    actor.full_clean(exclude=["created_from_initiative"])
    actor.save()
    return actor
