"""What community adds to other packages' pages, registered from AppConfig.ready: the
contact panel of entry pages, the conversations on My entries and the staff home page,
and the ``message`` kind of level 1 (what restoring or purging a held message does)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipsp.accounts.models import User
from ipsp.core.panels import PanelEntry


def contact_panel(request: HttpRequest, entry: PanelEntry) -> dict[str, object] | None:
    """The "contact" block of a published entry's page, as the person looking may use it
    (from the entry the page loaded: no second lookup)."""
    from ipsp.community import services
    from ipsp.community.access import can_send

    if not entry.published:
        return None
    kind = entry.kind
    compose_url = reverse("community:compose", kwargs={"kind": kind, "public_id": entry.public_id})
    user = request.user
    context: dict[str, object] = {"kind": kind, "title": entry.title, "compose_url": compose_url}
    if not user.is_authenticated:
        if not entry.holder_ids:
            context["state"] = "no_recipient"
            return context
        sign_in = reverse("accounts:token_sign_in") + "?" + urlencode({"next": compose_url})
        context.update(state="sign_in", sign_in_url=sign_in)
        return context
    if not can_send(user):
        return None
    refusal = services.entry_refusal(entry, user)
    if refusal is None:
        context["state"] = "write"
    else:
        context.update(state=refusal.code, refusal=refusal.message)
    return context


def register() -> None:
    from ipsp.accounts.sections import (
        Section,
        register_my_entries_section,
        register_staff_home_section,
    )
    from ipsp.community import services
    from ipsp.core.panels import Panel, register_entry_panel
    from ipsp.verification import services as verification

    register_entry_panel(
        Panel(
            key="contact",
            kinds=("actor", "initiative"),
            slot="actions",
            order=50,
            template="community/_contact_panel.html",
            context=contact_panel,
        )
    )

    def context(request: HttpRequest, user: User) -> dict[str, object]:
        from ipsp.community.views import my_entries_context

        return my_entries_context(request, user)

    register_my_entries_section(
        Section(key="messages", order=5, template="community/_my_entries.html", context=context)
    )
    register_staff_home_section(
        Section(
            key="messages",
            order=90,
            template="community/_my_entries.html",
            context=context,
            visible=lambda user: user.is_staff,
        )
    )
    verification.register_kind(
        services.KIND,
        on_restore=services.message_release,
        on_purge=services.message_erase,
        label=_("Message"),
    )
