"""Entries in the index for topic tests: a group sharing a theme and a country."""

from __future__ import annotations

from typing import Any

from ipsp.portal.models import PortalSettings
from ipsp.search.documents import SearchDocument
from ipsp.search.tests.factories import index, make_doc


def set_threshold(minimum: int, maximum: int = 400) -> None:
    setting = PortalSettings.current()
    setting.topic_min_entries = minimum
    setting.topic_max_entries = maximum
    setting.save()


def wage_entries(count: int, **extra: Any) -> list[SearchDocument]:
    """Entries on living wages in Kenya; each has a discipline of its own."""
    disciplines = ["1.1", "2.1", "3.1", "4.1", "5.1", "6.1"]
    return index(
        *[
            make_doc(
                f"Living wage project {i}",
                f"fair pay for workers number{i}",
                theme=["living-wages"],
                country=["KE"],
                region=["002", "014"],
                discipline=[disciplines[i % len(disciplines)]],
                start_year=[str(2015 + i)],
                **extra,
            )
            for i in range(count)
        ]
    )
