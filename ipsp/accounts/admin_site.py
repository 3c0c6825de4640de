"""The Django admin, closed to anyone whose role requires a second factor they have not given."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class StaffAdminSite(admin.AdminSite):
    """Staff reach the admin only through our sign-in, with the second factor their role needs."""

    def has_permission(self, request: HttpRequest) -> bool:
        from ipsp.accounts.services import second_factor_missing

        return super().has_permission(request) and not second_factor_missing(request.user)

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        from ipsp.accounts.services import safe_next, second_factor_missing

        next_url = safe_next(request, request.GET.get("next")) or reverse(
            "admin:index", current_app=self.name
        )
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("accounts:staff_sign_in"))
        if second_factor_missing(user):
            return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": next_url}))
        if not super().has_permission(request):
            raise PermissionDenied
        return redirect(next_url)
