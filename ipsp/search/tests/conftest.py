"""Fixtures shared by the search tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ipsp.search import registry


@pytest.fixture
def clean_registry() -> Iterator[None]:
    """No document provider but those the test registers (the directories' are put back)."""
    saved = dict(registry._providers)
    registry._providers.clear()
    yield
    registry._providers.clear()
    registry._providers.update(saved)
