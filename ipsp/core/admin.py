"""Staff see in the admin when each scheduled job last ran and how it ended."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ipsp.core.models import ScheduledJobRun


@admin.register(ScheduledJobRun)
class ScheduledJobRunAdmin(admin.ModelAdmin):
    list_display = ("command", "started_at", "finished_at", "outcome")
    list_filter = ("outcome",)
    readonly_fields = ("command", "started_at", "finished_at", "outcome", "output")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
