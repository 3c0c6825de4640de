"""Who may see the secretariat's queue and decide: staff holding the queue permission,
signed in with their second factor (``accounts.access.staff_required`` first)."""

from __future__ import annotations

import functools
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from ipsp.accounts.access import View, staff_required

DECIDE = "verification.decide_queueitem"
DECIDE_APPEAL = "verification.decide_appeal"
VIEW_AUDIT = "verification.view_auditentry"


def can_decide(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(DECIDE))  # type: ignore[attr-defined]


def permission_required(permission: str) -> Any:
    """``staff_required`` (password and second factor), then the permission, else 403."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return staff_required(checked)

    return decorate


secretariat_required = permission_required(DECIDE)
