"""What the portal's topic pages, collections and bookmarks plug into, called once from
``PortalConfig.ready``: the search index (topic pages are entries of kind "topic"),
the sitemap, entry pages (topics an entry belongs to, bookmark and collection buttons),
"My entries" and the staff home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ipsp.accounts.models import User


def _entry_panel(request: HttpRequest, kind: str, public_id: str) -> dict[str, Any]:
    """Beside an entry's related entries: its topics; for signed-in people, their tools."""
    from ipsp.portal import collections as curation
    from ipsp.portal import topics

    context: dict[str, Any] = {
        "entry_topics": [
            {
                "title": topic.text_in()[0],
                "url": topics.topic_url(topic.public_id, topic.slug or "-"),
            }
            for topic in topics.topics_of_entry(kind, public_id)
        ]
    }
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        context["bookmarked"] = curation.is_bookmarked(user, kind, public_id)
        context["can_bookmark"] = True
        if curation.can_curate(user):
            holding = curation.collections_holding(user, kind, public_id)
            context["curator_collections"] = [
                c for c in curation.collections_for_curator(user) if c.public_id not in holding
            ]
            context["can_curate"] = True
        context["entry_path"] = request.get_full_path()
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
    from ipsp.core.sitemaps import register as register_sitemap
    from ipsp.portal import topics
    from ipsp.portal.sitemaps_topics import CollectionSitemap, TopicSitemap
    from ipsp.search.registry import register_index_listener, register_provider
    from ipsp.search.related import register_entry_panel, register_entry_url

    register_provider(
        topics.KIND, topics.published_topic_documents, count=topics.published_topic_count
    )
    register_entry_url(topics.KIND, topics.topic_url)
    register_index_listener("portal-topics", topics.entry_index_changed)
    register_entry_panel("portal", _entry_panel)
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
