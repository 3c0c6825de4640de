"""The Django admin of initiatives: the secretariat reads and handles problem reports here."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ipsp.initiatives.models import ProblemReport


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "initiative", "reason", "handled_at"]
    list_filter = ["reason", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["initiative__public_id", "message"]
    date_hierarchy = "created_at"
    readonly_fields = ["initiative", "reason", "message", "created_at"]
    fields = ["initiative", "reason", "message", "created_at", "handled_at"]
    list_select_related = ["initiative__published_version"]
    actions = ["mark_handled"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports come from visitors only

    @admin.action(description=_("Mark the selected reports as handled"), permissions=["change"])
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[ProblemReport]) -> None:
        count = queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked as handled.", "%(count)d reports marked as handled.", count
            )
            % {"count": count},
        )
