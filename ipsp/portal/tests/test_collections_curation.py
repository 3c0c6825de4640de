"""Curated collections: the secretariat and reviewers assemble them; visitors read them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import make_staff
from ipsp.accounts import roles
from ipsp.portal.models import Collection
from ipsp.search.services import document_remove
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries() -> list[Any]:
    return index(make_doc("Wage councils"), make_doc("Housing cooperatives", kind="actor"))


def create(client: Client, title: str = "For the Nairobi forum") -> Collection:
    response = client.post(
        "/en/staff/collections/",
        {"title": title, "introduction": "Entries *shown*", "language": "en"},
    )
    assert response.status_code == 302
    return Collection.objects.get(title=title)


def edit_url(collection: Collection) -> str:
    return f"/en/staff/collections/{collection.public_id}/"


def test_a_reviewer_assembles_and_publishes_a_collection(
    reviewer_client: Client, entries: list[Any]
) -> None:
    collection = create(reviewer_client)
    reviewer_client.post(edit_url(collection) + "add/", {"entry": entries[0].public_id})
    reviewer_client.post(
        edit_url(collection) + "add/",
        {"entry": f"https://ipsp.example.org/en/actors/{entries[1].public_id}/", "note": "Why"},
    )
    reviewer_client.post(edit_url(collection) + "publish/", {"published": "1"})

    page = Client().get(f"/en/collections/{collection.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200 and not page.cookies
    assert html.index("Wage councils") < html.index("Housing cooperatives")
    assert "<em>shown</em>" in html and "Why" in html


def test_the_curator_reorders_and_removes_entries(
    reviewer_client: Client, entries: list[Any]
) -> None:
    collection = create(reviewer_client)
    for entry in entries:
        reviewer_client.post(edit_url(collection) + "add/", {"entry": entry.public_id})
    second = {"kind": "actor", "entry_id": entries[1].public_id}

    reviewer_client.post(edit_url(collection) + "item/", {**second, "action": "up"})
    assert [i.entry_id for i in collection.items.all()] == [
        entries[1].public_id,
        entries[0].public_id,
    ]
    reviewer_client.post(edit_url(collection) + "item/", {**second, "action": "remove"})
    assert [i.entry_id for i in collection.items.all()] == [entries[0].public_id]


def test_an_unknown_public_id_is_refused_at_the_field(
    reviewer_client: Client, entries: list[Any]
) -> None:
    collection = create(reviewer_client)

    response = reviewer_client.post(edit_url(collection) + "add/", {"entry": "not an id"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="entry_entry_error"' in html and "No published entry has this public id" in html
    assert not collection.items.exists()


def test_an_entry_is_added_once(reviewer_client: Client, entries: list[Any]) -> None:
    collection = create(reviewer_client)
    reviewer_client.post(edit_url(collection) + "add/", {"entry": entries[0].public_id})

    response = reviewer_client.post(edit_url(collection) + "add/", {"entry": entries[0].public_id})

    assert "This entry is already in the collection." in response.content.decode()
    assert collection.items.count() == 1


def test_an_empty_collection_cannot_be_published(reviewer_client: Client) -> None:
    collection = create(reviewer_client)

    response = reviewer_client.post(edit_url(collection) + "publish/", {"published": "1"})

    assert response.status_code == 400
    assert "Add at least one entry before publishing." in response.content.decode()
    collection.refresh_from_db()
    assert not collection.published


def test_a_collection_without_a_title_is_not_created(reviewer_client: Client) -> None:
    response = reviewer_client.post("/en/staff/collections/", {"title": " ", "language": "en"})

    assert response.status_code == 400
    assert 'id="collection_title_error"' in response.content.decode()
    assert not Collection.objects.exists()


def test_an_entry_withdrawn_later_leaves_the_public_page(
    reviewer_client: Client, entries: list[Any]
) -> None:
    collection = create(reviewer_client)
    for entry in entries:
        reviewer_client.post(edit_url(collection) + "add/", {"entry": entry.public_id})
    reviewer_client.post(edit_url(collection) + "publish/", {"published": "1"})

    document_remove(kind="initiative", public_id=entries[0].public_id)

    public = Client().get(f"/en/collections/{collection.public_id}/").content.decode()
    assert "Wage councils" not in public and "Housing cooperatives" in public
    own = reviewer_client.get(edit_url(collection)).content.decode()
    assert "no longer published" in own


def test_a_private_collection_has_no_public_page(
    reviewer_client: Client, entries: list[Any]
) -> None:
    collection = create(reviewer_client)
    assert Client().get(f"/en/collections/{collection.public_id}/").status_code == 404
    assert collection.title not in Client().get("/en/collections/").content.decode()


def test_another_reviewer_may_not_edit_a_reviewers_collection(
    reviewer_client: Client, entries: list[Any]
) -> None:
    collection = create(reviewer_client)
    other = Client()
    other.force_login(make_staff(roles.REVIEWER, "other.reviewer@example.org"))

    assert other.get(edit_url(collection)).status_code == 403
    assert (
        other.post(edit_url(collection) + "add/", {"entry": entries[0].public_id}).status_code
        == 403
    )
    assert other.post(edit_url(collection) + "publish/", {"published": "1"}).status_code == 403
    assert not collection.items.exists()


def test_the_secretariat_may_edit_any_collection(
    reviewer_client: Client, secretariat_client: Client, entries: list[Any]
) -> None:
    collection = create(reviewer_client)

    response = secretariat_client.post(
        edit_url(collection) + "add/", {"entry": entries[0].public_id}
    )

    assert response.status_code == 302 and collection.items.count() == 1


def test_a_contributor_may_not_curate(contributor_client: Client, reviewer_client: Client) -> None:
    collection = create(reviewer_client)

    assert contributor_client.get("/en/staff/collections/").status_code == 403
    assert contributor_client.post("/en/staff/collections/", {"title": "Mine"}).status_code == 403
    assert (
        contributor_client.post(edit_url(collection) + "publish/", {"published": "1"}).status_code
        == 403
    )
    assert Collection.objects.count() == 1


def test_a_visitor_may_not_curate(client: Client, reviewer_client: Client) -> None:
    collection = create(reviewer_client)

    response = client.get("/en/staff/collections/")
    assert response.status_code == 302 and response["Location"].startswith("/en/staff/sign-in/")
    assert client.post(edit_url(collection) + "publish/", {"published": "1"}).status_code in (
        302,
        403,
    )
    collection.refresh_from_db()
    assert not collection.published


def test_a_curator_adds_an_entry_from_its_page(reviewer_client: Client, entries: list[Any]) -> None:
    collection = create(reviewer_client)
    entry = entries[0]

    response = reviewer_client.post(
        "/en/collections/add/",
        {
            "collection": collection.public_id,
            "kind": "initiative",
            "entry_id": entry.public_id,
            "next": f"/en/initiatives/{entry.public_id}/",
        },
    )

    assert (
        response.status_code == 302
        and response["Location"] == f"/en/initiatives/{entry.public_id}/"
    )
    assert [i.entry_id for i in collection.items.all()] == [entry.public_id]


def test_a_contributor_cannot_add_to_a_collection_from_an_entry_page(
    contributor_client: Client, reviewer_client: Client, entries: list[Any]
) -> None:
    collection = create(reviewer_client)
    response = contributor_client.post(
        "/en/collections/add/",
        {
            "collection": collection.public_id,
            "kind": "initiative",
            "entry_id": entries[0].public_id,
        },
    )
    assert response.status_code == 403
    assert not collection.items.exists()


def test_visitors_read_the_list_of_collections_without_a_cookie(client: Client) -> None:
    response = client.get("/en/collections/")
    assert response.status_code == 200 and not response.cookies
