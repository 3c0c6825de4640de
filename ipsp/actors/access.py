"""Who may change an actor: its contributor (signed in with a token) or the secretariat."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ipsp.accounts.access import is_contributor
from ipsp.accounts.services import second_factor_missing
from ipsp.actors.models import Actor, ActorClaim

MODERATE = "actors.moderate_actor"


def is_secretariat(user: object) -> bool:
    """Staff who may publish, merge and edit any actor, with their second factor confirmed."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_staff", False)
        and user.has_perm(MODERATE)  # type: ignore[attr-defined]
        and not second_factor_missing(user)
    )


def can_edit(user: object, actor: Actor) -> bool:
    if (
        actor.owner_id is not None
        and is_contributor(user)
        and getattr(user, "pk", None) == actor.owner_id
    ):
        return True
    return is_secretariat(user)


def get_actor_for_editor(request: HttpRequest, public_id: str) -> Actor:
    """The actor, if the person asking may edit it; 404 when unknown, 403 otherwise."""
    actor = Actor.objects.select_related("owner").filter(public_id=public_id).first()
    if actor is None:
        raise Http404
    if not can_edit(request.user, actor):
        raise PermissionDenied
    return actor


def get_claim_for_decider(request: HttpRequest, public_id: str) -> ActorClaim:
    """A claim, if the person asking is the claimed initiative's contributor or the
    secretariat; 404 when unknown, 403 otherwise."""
    claim = (
        ActorClaim.objects.select_related("actor", "initiative").filter(public_id=public_id).first()
    )
    if claim is None:
        raise Http404
    user = request.user
    if is_contributor(user) and getattr(user, "pk", None) == claim.initiative.contributor_id:
        return claim
    if is_secretariat(user):
        return claim
    raise PermissionDenied
