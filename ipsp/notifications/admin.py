"""Staff's view of outgoing mail in the admin: read-only, with "send again"."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ipsp.notifications import services
from ipsp.notifications.models import OutgoingEmail, Suppression
from ipsp.notifications.unsubscribe import address_hash


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "category",
        "to",
        "language",
        "state",
        "attempts",
        "sent_at",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("state", "category", "kind", "language")
    search_fields = ("to",)
    date_hierarchy = "created_at"
    exclude = ("body_text", "body_html")  # may carry a secret until delivered
    readonly_fields = (
        "kind",
        "category",
        "to",
        "language",
        "subject",
        "unsubscribe_url",
        "sensitive",
        "state",
        "created_at",
        "claimed_at",
        "next_attempt_at",
        "sent_at",
        "attempts",
        "last_error",
        "gave_up_at",
        "resends",
    )
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # nothing is lost: the record of every message stays

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.resend_outgoingemail")

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]) -> None:
        queued = 0
        for message in queryset:
            try:
                services.email_resend(message=message)
            except services.EmailResendRefused as refused:
                self.message_user(request, f"{message}: {refused.message}", level=messages.WARNING)
            else:
                queued += 1
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message will be sent again.",
                    "%(count)d messages will be sent again.",
                    queued,
                )
                % {"count": queued},
                level=messages.SUCCESS,
            )


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "category", "source", "address_hash")
    list_filter = ("category", "source")
    readonly_fields = ("address_hash", "category", "source", "created_at")
    search_fields = ("address_hash",)
    search_help_text = _("Type a full email address: it is compared by its hash.")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Suppression], search_term: str
    ) -> tuple[QuerySet[Suppression], bool]:
        if not search_term.strip():
            return queryset, False
        return queryset.filter(address_hash=address_hash(search_term)), False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # only the person (their link) may undo an unsubscription

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
