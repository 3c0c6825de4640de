"""Data migrations of the search index: 0014 packs the related entries kept before as JSON
text; 0015 puts the flags into PostgreSQL's ``search_pg.facets``."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.utils import timezone

from conftest import migrate_to
from ipsp.search.models import SearchRelated
from ipsp.search.queries import search
from ipsp.search.related import unpack_items
from ipsp.search.services import document_index
from ipsp.search.tests.factories import make_doc, titles

BEFORE = [("search", "0013_pg_search_heads_and_estimate")]


@pytest.mark.django_db(transaction=True)
def test_kept_lists_are_packed_with_their_content() -> None:
    items = [["initiative", "7kq2m9xa4", 3.5, ["theme:living-wages", "text:café"]]]
    old_apps = migrate_to(BEFORE)
    old_apps.get_model("search", "SearchRelated").objects.create(
        kind="actor", public_id="b2c3d4e5f", items=json.dumps(items), computed_at=timezone.now()
    )

    migrate_to(None)

    kept = SearchRelated.objects.get(kind="actor", public_id="b2c3d4e5f")
    assert unpack_items(kept.items) == items


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="search_pg is PostgreSQL's")
def test_flagged_entries_get_their_flag_in_the_text_rows_facets() -> None:
    """Migration 0015: "flagged:yes" was kept out of ``search_pg.facets`` before."""
    doc = make_doc("Cooperative dairy", "bread", flagged=True)
    document_index(doc)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_pg SET facets = array_remove(facets, 'flagged:yes')")
    migrate_to([("search", "0014_related_items_packed")])

    migrate_to(None)

    assert titles(search("bread", filters={"flagged": ["yes"]})) == ["Cooperative dairy"]
