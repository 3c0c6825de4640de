"""Bookmarks: anyone signed in keeps entries for later; nobody else sees them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ipsp.accounts import tokens
from ipsp.core.panels import PanelEntry, entry_panels
from ipsp.portal.models import Bookmark
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry() -> Any:
    (doc,) = index(make_doc("Wage councils"))
    return doc


def bookmark(client: Client, entry: Any, **extra: str) -> Any:
    return client.post(
        "/en/bookmarks/",
        {"kind": "initiative", "entry_id": entry.public_id, "next": "/en/my/", **extra},
    )


def test_a_contributor_bookmarks_an_entry_and_finds_it_in_my_entries(
    contributor_client: Client, entry: Any
) -> None:
    response = bookmark(contributor_client, entry)

    assert response.status_code == 302
    page = contributor_client.get("/en/my/").content.decode()
    assert "My bookmarks" in page and "Wage councils" in page


def test_a_bookmark_can_be_removed(contributor_client: Client, entry: Any) -> None:
    bookmark(contributor_client, entry)
    bookmark(contributor_client, entry, remove="1")
    assert not Bookmark.objects.exists()


def test_bookmarking_twice_keeps_one_bookmark(contributor_client: Client, entry: Any) -> None:
    bookmark(contributor_client, entry)
    bookmark(contributor_client, entry)
    assert Bookmark.objects.count() == 1


def test_another_contributor_does_not_see_my_bookmarks(
    contributor_client: Client, entry: Any
) -> None:
    bookmark(contributor_client, entry)
    other = Client()
    other.force_login(
        tokens.contributor_create(language="en"),
        backend="ipsp.accounts.tokens.AccessTokenBackend",
    )

    page = other.get("/en/my/").content.decode()

    assert "My bookmarks" in page and "Wage councils" not in page


def test_another_contributor_cannot_remove_my_bookmark(
    contributor_client: Client, entry: Any
) -> None:
    bookmark(contributor_client, entry)
    other = Client()
    other.force_login(
        tokens.contributor_create(language="en"),
        backend="ipsp.accounts.tokens.AccessTokenBackend",
    )

    bookmark(other, entry, remove="1")

    assert Bookmark.objects.count() == 1


def test_an_unpublished_entry_cannot_be_bookmarked(contributor_client: Client) -> None:
    response = contributor_client.post(
        "/en/bookmarks/", {"kind": "initiative", "entry_id": "0000000000"}
    )
    assert response.status_code == 400
    assert not Bookmark.objects.exists()


def test_a_visitor_cannot_bookmark(client: Client, entry: Any) -> None:
    response = bookmark(client, entry)
    assert response.status_code == 403
    assert not Bookmark.objects.exists()
    assert not response.cookies


def test_the_bookmark_button_is_for_signed_in_people_only(
    rf: Any, contributor_token: Any, entry: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    visitor = rf.get("/")
    visitor.user = AnonymousUser()
    member = rf.get("/")
    member.user = contributor_token.token.user

    shown = PanelEntry("initiative", entry.public_id, 0, entry.title, True)

    assert "portal-tools" not in [p.key for p in entry_panels(visitor, shown)["beside"]]
    tools = {p.key: p.context for p in entry_panels(member, shown)["beside"]}["portal-tools"]
    assert not tools["bookmarked"]
    assert "can_curate" not in tools
