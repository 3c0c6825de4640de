"""Who may change an initiative: its contributor, signed in with a token, or the secretariat."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ipsp.accounts.access import is_contributor
from ipsp.accounts.services import second_factor_missing
from ipsp.initiatives.models import Initiative

MODERATE = "initiatives.moderate_initiative"


def is_secretariat(user: object) -> bool:
    """Staff who may publish and edit any initiative, with their second factor confirmed."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_staff", False)
        and user.has_perm(MODERATE)  # type: ignore[attr-defined]
        and not second_factor_missing(user)
    )


def can_edit(user: object, initiative: Initiative) -> bool:
    if is_contributor(user) and getattr(user, "pk", None) == initiative.contributor_id:
        return True
    return is_secretariat(user)


def get_initiative_for_editor(request: HttpRequest, public_id: str) -> Initiative:
    """The initiative, if the person asking may edit it; 404 when unknown, 403 otherwise."""
    initiative = (
        Initiative.objects.select_related("published_version", "pending_version", "contributor")
        .filter(public_id=public_id)
        .first()
    )
    if initiative is None:
        raise Http404
    if not can_edit(request.user, initiative):
        raise PermissionDenied
    return initiative
