"""Reads of the accounts package that other packages need: who holds a role."""

from __future__ import annotations

from ipsp.accounts.models import User


def users_with_role(role: str, *, reachable: bool = False) -> list[User]:
    """Active members of a role (``ipsp.accounts.roles``), oldest account first.

    With ``reachable``, only those with an email address (to write to them).
    """
    users = User.objects.filter(groups__name=role, is_active=True)
    if reachable:
        users = users.exclude(email__isnull=True).exclude(email="")
    return list(users.distinct().order_by("pk"))
