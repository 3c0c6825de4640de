"""The secretariat edits the word and domain lists here; checks and models are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ipsp.verification.models import (
    Appeal,
    AuditEntry,
    BlockedDomain,
    BlockedWord,
    ClassifierModel,
    Level1Check,
    QueueItem,
    RejectionReason,
    RejectionReasonLabel,
    TrainingExample,
)


@admin.register(BlockedDomain)
class BlockedDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "weight", "note", "created_at"]
    search_fields = ["domain", "note"]


@admin.register(BlockedWord)
class BlockedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "language", "weight", "note", "created_at"]
    list_filter = ["language"]
    search_fields = ["word", "note"]


@admin.register(TrainingExample)
class TrainingExampleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "label", "language", "source", "created_at"]
    list_filter = ["label", "source", "language"]
    search_fields = ["text"]
    readonly_fields = ["check_ref", "created_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Level1Check)
class Level1CheckAdmin(ReadOnlyAdmin):
    list_display = [
        "kind",
        "entry_public_id",
        "decision",
        "rules_decision",
        "score",
        "shadow",
        "created_at",
    ]
    list_filter = ["decision", "rules_decision", "shadow", "kind", "language"]
    search_fields = ["entry_public_id", "public_id"]


@admin.register(ClassifierModel)
class ClassifierModelAdmin(ReadOnlyAdmin):
    list_display = ["language", "examples", "trained_at"]
    exclude = ["data"]


# --- Level 2 -------------------------------------------------------------------------------


class RejectionReasonLabelInline(admin.TabularInline):
    model = RejectionReasonLabel
    extra = 1


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "active", "order"]
    list_editable = ["active", "order"]
    search_fields = ["label", "code", "translations__label"]
    inlines = [RejectionReasonLabelInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # reasons given in past decisions stay; retire one by unticking "offered"
        if obj is not None and QueueItem.objects.filter(reason=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(QueueItem)
class QueueItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "entry_public_id", "entered_at", "decision", "decided_at"]
    list_filter = ["kind", "decision", "origin", "language"]
    search_fields = ["entry_public_id", "public_id", "title"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["item", "state", "created_at", "deadline", "decided_at"]
    list_filter = ["state"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only for everyone, superusers included: the trail is never edited."""

    list_display = ["at", "kind", "entry_public_id", "action", "actor", "actor_role"]
    list_filter = ["kind", "action"]
    search_fields = ["entry_public_id", "note"]
    date_hierarchy = "at"

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}
