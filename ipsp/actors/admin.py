"""The Django admin of actors: read-only lists for the secretariat (changes go through
the services, from the staff pages: queue, decisions and merges)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ipsp.actors.models import Actor, ActorClaim, ActorMerge


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Actor)
class ActorAdmin(ReadOnlyAdmin):
    list_display = ["name", "public_id", "state", "edit_state", "created_at", "published_at"]
    list_filter = ["state", "edit_state", "staff_size"]
    search_fields = ["name", "public_id", "acronym"]
    date_hierarchy = "created_at"


@admin.register(ActorMerge)
class ActorMergeAdmin(ReadOnlyAdmin):
    list_display = ["at", "source_name", "source_public_id", "target", "by"]
    search_fields = ["source_name", "source_public_id", "target__name"]


@admin.register(ActorClaim)
class ActorClaimAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "initiative", "state", "decided_at"]
    list_filter = ["state"]
