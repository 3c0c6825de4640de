"""Who may write and read: contributors signed in with a token, and staff with their
second factor. A conversation is readable by its participants only (404 for anyone else,
the secretariat included)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from ipsp.accounts.access import is_contributor
from ipsp.accounts.models import User
from ipsp.accounts.services import is_staff_member, second_factor_missing
from ipsp.community.models import Conversation


def can_send(user: object) -> bool:
    if is_contributor(user):
        return True
    return (
        isinstance(user, User)
        and user.is_staff
        and is_staff_member(user)
        and not second_factor_missing(user)
    )


def get_conversation_for_participant(request: HttpRequest, public_id: str) -> Conversation:
    """The conversation if the signed-in person takes part in it, else 404."""
    user = request.user
    if not can_send(user) or not isinstance(user, User):
        raise Http404
    conversation = (
        Conversation.objects.filter(public_id=public_id, participants__user=user).distinct().first()
    )
    if conversation is None:
        raise Http404
    return conversation
