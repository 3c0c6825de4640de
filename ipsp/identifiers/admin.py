"""The secretariat sees every DOI and its registration state, and can retry registration."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ipsp.identifiers import services
from ipsp.identifiers.metadata import datacite_metadata
from ipsp.identifiers.models import Doi
from ipsp.identifiers.records import record_source

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

RETRY_PERMISSION = "retry_registration"


class HiddenFilter(admin.SimpleListFilter):
    """DOIs hidden from DataCite's search (their entry withdrawn), or not."""

    title = _("hidden from DataCite's search")
    parameter_name = "hidden"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, StrOrPromise]]:
        return [
            ("yes", _("hidden (entry withdrawn)")),
            ("no", _("not hidden")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Doi]) -> QuerySet[Doi]:
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(hidden_at__isnull=True)
        return queryset


@admin.register(Doi)
class DoiAdmin(admin.ModelAdmin):
    list_display = [
        "doi",
        "kind",
        "target_kind",
        "target_public_id",
        "target_version",
        "state",
        "hidden",
        "attempts",
        "last_attempt_at",
        "registered_at",
    ]
    list_filter = ["state", HiddenFilter, "kind", "target_kind"]
    search_fields = ["doi", "target_public_id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "doi",
        "suffix",
        "kind",
        "target_kind",
        "target_public_id",
        "target_version",
        "landing_url",
        "state",
        "revision",
        "registered_revision",
        "attempts",
        "last_error",
        "last_attempt_at",
        "registered_at",
        "hidden_at",
        "created_at",
        "metadata_updated_at",
        "metadata_hash",
        "datacite_document",
    ]
    actions = ["retry_registration"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # a registered DOI is permanent; nothing here may remove one
        return False

    @admin.display(description=_("hidden"), boolean=True, ordering="hidden_at")
    def hidden(self, obj: Doi) -> bool:
        return obj.is_hidden

    @admin.display(description=_("DataCite metadata (built from the entry now)"))
    def datacite_document(self, obj: Doi) -> str:
        source = record_source(obj.target_kind)
        record = source(obj.target_public_id, obj.target_version) if source else None
        if record is None:
            return "-"
        return json.dumps(datacite_metadata(record, obj), ensure_ascii=False, indent=2)

    def has_retry_registration_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(f"identifiers.{RETRY_PERMISSION}")

    @admin.action(description=_("Retry registration at DataCite"), permissions=[RETRY_PERMISSION])
    def retry_registration(self, request: HttpRequest, queryset: QuerySet[Doi]) -> None:
        if not services.registration_configured():
            self.message_user(
                request,
                _(
                    "DataCite credentials are not configured: DOIs stay reserved, "
                    "not yet registered."
                ),
                messages.WARNING,
            )
            return
        count = services.doi_retry(doi_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d DOI queued for registration.",
                "%(count)d DOIs queued for registration.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
