from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ipsp.notifications.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("kind", "to", "language", "created_at", "sent_at", "attempts", "gave_up_at")
    list_filter = ("kind", "language")
    search_fields = ("to",)
    date_hierarchy = "created_at"
    exclude = ("body_text", "body_html")  # may carry a secret until delivered
    readonly_fields = (
        "kind",
        "to",
        "language",
        "subject",
        "sensitive",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "gave_up_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
