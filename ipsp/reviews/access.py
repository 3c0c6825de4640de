"""Who may flag, withdraw flags and read the secretariat's list of flags.

Permissions come from the roles (``ipsp.accounts.roles``): reviewers and the
secretariat hold ``reviews.add_flag``; the secretariat also holds
``reviews.withdraw_any_flag`` and ``reviews.view_flag``. A role that needs a second
factor must have given it.
"""

from __future__ import annotations

from ipsp.accounts.services import is_staff_member, second_factor_missing

ADD = "reviews.add_flag"
WITHDRAW_ANY = "reviews.withdraw_any_flag"
VIEW_ALL = "reviews.view_flag"


def _holds(user: object, permission: str) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and is_staff_member(user)
        and user.has_perm(permission)  # type: ignore[attr-defined]
        and not second_factor_missing(user)
    )


def can_flag(user: object) -> bool:
    return _holds(user, ADD)


def can_withdraw_any(user: object) -> bool:
    return _holds(user, WITHDRAW_ANY)


def can_see_all_flags(user: object) -> bool:
    return _holds(user, VIEW_ALL)


def can_withdraw(user: object, created_by_id: int | None) -> bool:
    """One's own flag (while still allowed to flag), or anyone's for the secretariat."""
    if can_withdraw_any(user):
        return True
    return can_flag(user) and getattr(user, "pk", None) == created_by_id
