"""What reviews adds to lower packages through their registries (called from ready()):
the flag source of the search index, the badges and actions panels of entry pages,
the sitemap of the rising actors page, the staff home section, and the index listener
that keeps the rising actors' table up to date."""

from __future__ import annotations

from django.http import HttpRequest

from ipsp.core.panels import PanelEntry
from ipsp.reviews.entries import KINDS


def badges_context(request: HttpRequest, entry: PanelEntry) -> dict[str, object] | None:
    """Public: the live flags by category, with count and latest date; no reasons, no names."""
    from ipsp.reviews.queries import public_summary

    summary = public_summary(entry.kind, entry.public_id)
    return {"summary": summary} if summary else None


def actions_context(request: HttpRequest, entry: PanelEntry) -> dict[str, object] | None:
    """Reviewers and the secretariat: the flag form, their own flag, the reasons given
    (published entries only, as the page loaded them)."""
    from ipsp.reviews import access
    from ipsp.reviews.forms import FlagForm, WithdrawForm
    from ipsp.reviews.queries import live_flags_of_entry

    user = request.user
    if not access.can_flag(user) or not entry.published:
        return None
    kind, public_id = entry.kind, entry.public_id
    flags = list(live_flags_of_entry(kind, public_id))
    own = next((flag for flag in flags if flag.created_by_id == user.pk), None)
    return {
        "kind": kind,
        "public_id": public_id,
        "flags": flags,
        "own": own,
        "form": FlagForm(auto_id="id_flag_%s"),
        "withdraw_form": WithdrawForm(auto_id="id_withdraw_%s"),
        "may_withdraw_any": access.can_withdraw_any(user),
    }


def register() -> None:
    from ipsp.accounts.sections import Section, register_staff_home_section
    from ipsp.core.panels import Panel, register_entry_panel
    from ipsp.core.sitemaps import register as register_sitemap
    from ipsp.reviews.access import can_see_all_flags
    from ipsp.reviews.facts import entry_index_changed
    from ipsp.reviews.queries import flagged_among
    from ipsp.reviews.sitemaps import ReviewsSitemap
    from ipsp.search.registry import register_flag_source, register_index_listener

    register_flag_source("reviews", flagged_among)
    register_index_listener("reviews-rising", entry_index_changed)
    register_entry_panel(
        Panel(
            key="reviews_flags",
            kinds=KINDS,
            slot="badges",
            order=20,
            template="reviews/_badges_panel.html",
            context=badges_context,
        )
    )
    register_entry_panel(
        Panel(
            key="reviews_flag_form",
            kinds=KINDS,
            slot="actions",
            order=50,
            template="reviews/_actions_panel.html",
            context=actions_context,
        )
    )
    register_sitemap("reviews", ReviewsSitemap)
    register_staff_home_section(
        Section(
            key="reviews_flags",
            order=60,
            template="reviews/_staff_home.html",
            context=lambda request, user: {},
            visible=can_see_all_flags,
        )
    )
