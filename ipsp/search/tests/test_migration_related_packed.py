"""Migration 0014: related entries kept before as JSON text are packed, not lost."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ipsp.search.models import SearchRelated
from ipsp.search.related import unpack_items

BEFORE = [("search", "0013_pg_search_heads_and_estimate")]


def migrate(targets: list[tuple[str, str]] | None) -> Any:
    """Migrate to ``targets``; ``None``: to the latest migrations, which the models match."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_kept_lists_are_packed_with_their_content() -> None:
    items = [["initiative", "7kq2m9xa4", 3.5, ["theme:living-wages", "text:café"]]]
    old_apps = migrate(BEFORE)
    old_apps.get_model("search", "SearchRelated").objects.create(
        kind="actor", public_id="b2c3d4e5f", items=json.dumps(items), computed_at=timezone.now()
    )

    migrate(None)

    kept = SearchRelated.objects.get(kind="actor", public_id="b2c3d4e5f")
    assert unpack_items(kept.items) == items
