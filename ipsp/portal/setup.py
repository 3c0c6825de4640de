"""What the portal's topic pages, collections and bookmarks plug into, called once from
``PortalConfig.ready``: the search index (topic pages are entries of kind "topic"),
the sitemap, entry pages (topics an entry belongs to, bookmark and collection buttons),
"My entries" and the staff home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ipsp.accounts.models import User
from ipsp.core.panels import PanelEntry

ENTRY_KINDS = ("initiative", "actor")  # the pages that show related entries


def _topics_panel(request: HttpRequest, entry: PanelEntry) -> dict[str, Any] | None:
    """Beside an entry's related entries: the published topic pages it belongs to."""
    from ipsp.portal import topics

    entry_topics = [
        {"title": topic.text_in()[0], "url": topics.topic_url(topic.public_id, topic.slug or "-")}
        for topic in topics.topics_of_entry(entry.kind, entry.public_id)
    ]
    return {"entry_topics": entry_topics} if entry_topics else None


def _tools_panel(request: HttpRequest, entry: PanelEntry) -> dict[str, Any] | None:
    """For signed-in people: a bookmark button; for curators, "add to a collection"."""
    from ipsp.portal import collections as curation

    user = getattr(request, "user", None)
    if not (isinstance(user, User) and user.is_authenticated):
        return None
    context: dict[str, Any] = {
        "entry_kind": entry.kind,
        "entry_public_id": entry.public_id,
        "entry_path": request.get_full_path(),
        "bookmarked": curation.is_bookmarked(user, entry.kind, entry.public_id),
    }
    if curation.can_curate(user):
        holding = curation.collections_holding(user, entry.kind, entry.public_id)
        context["curator_collections"] = [
            c for c in curation.collections_for_curator(user) if c.public_id not in holding
        ]
        context["can_curate"] = True
    return context


def _bookmarks_section(request: HttpRequest, user: User) -> dict[str, object]:
    from ipsp.portal.collections import bookmarks_of

    return {"bookmarks": bookmarks_of(user), "next": request.get_full_path()}


def _may_edit_topics(user: User) -> bool:
    from ipsp.accounts import roles
    from ipsp.accounts.services import user_roles

    return user.is_superuser or bool(user_roles(user) & {roles.SECRETARIAT, roles.ADMIN})


def _may_curate(user: User) -> bool:
    from ipsp.portal.collections import can_curate

    return can_curate(user)


def topics_register() -> None:
    from ipsp.accounts.sections import (
        Section,
        register_my_entries_section,
        register_staff_home_section,
    )
    from ipsp.core.panels import Panel, register_entry_panel
    from ipsp.core.sitemaps import register as register_sitemap
    from ipsp.portal import topics
    from ipsp.portal.sitemaps_topics import CollectionSitemap, TopicSitemap
    from ipsp.search.registry import register_index_listener, register_provider
    from ipsp.search.related import register_entry_url

    register_provider(
        topics.KIND, topics.published_topic_documents, count=topics.published_topic_count
    )
    register_entry_url(topics.KIND, topics.topic_url)
    register_index_listener("portal-topics", topics.entry_index_changed)
    for key, order, template, context in (
        ("portal-topics", 10, "portal/_entry_topics.html", _topics_panel),
        ("portal-tools", 20, "portal/_entry_tools.html", _tools_panel),
    ):
        register_entry_panel(
            Panel(
                key=key,
                kinds=ENTRY_KINDS,
                slot="beside",
                order=order,
                template=template,
                context=context,
            )
        )
    register_sitemap("topics", TopicSitemap)
    register_sitemap("collections", CollectionSitemap)
    register_my_entries_section(
        Section(
            key="bookmarks",
            order=90,
            template="portal/_my_bookmarks.html",
            context=_bookmarks_section,
        )
    )
    register_staff_home_section(
        Section(
            key="topics",
            order=60,
            template="portal/_staff_home_topics.html",
            context=lambda request, user: {},
            visible=_may_edit_topics,
        )
    )
    register_staff_home_section(
        Section(
            key="collections",
            order=61,
            template="portal/_staff_home_collections.html",
            context=_bookmarks_section,
            visible=_may_curate,
        )
    )
