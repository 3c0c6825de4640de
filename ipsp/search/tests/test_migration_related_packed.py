"""Migration 0014: related entries kept before as JSON text are packed, not lost."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from conftest import migrate_to
from ipsp.search.models import SearchRelated
from ipsp.search.related import unpack_items

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
