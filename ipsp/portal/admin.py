from __future__ import annotations

from django.contrib import admin

from ipsp.portal.models import Collection, PortalSettings, TopicPage


@admin.register(PortalSettings)
class PortalSettingsAdmin(admin.ModelAdmin):
    """The secretariat's settings of topic proposals (one row)."""

    list_display = [
        "__str__",
        "topic_min_entries",
        "topic_max_entries",
        "topic_text_similarity",
        "updated_at",
    ]

    def has_add_permission(self, request: object) -> bool:
        return not PortalSettings.objects.exists()

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(TopicPage)
class TopicPageAdmin(admin.ModelAdmin):
    """Read-only here: topic pages are edited on the secretariat's own pages."""

    list_display = ["title", "state", "entry_count", "computed_at", "published_at"]
    list_filter = ["state"]
    search_fields = ["title", "public_id"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "curator", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "public_id"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
