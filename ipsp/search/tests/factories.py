"""Small helpers to build and index documents in tests."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.utils import timezone

from ipsp.core import publicid
from ipsp.search.documents import SearchDocument
from ipsp.search.services import documents_index


def make_doc(
    title: str,
    text: str = "",
    *,
    language: str = "en",
    kind: str = "initiative",
    public_id: str | None = None,
    translations: tuple[tuple[str, str], ...] = (),
    other_titles: tuple[tuple[str, str], ...] = (),
    days_old: float = 400,
    flagged: bool = False,
    **facets: Any,
) -> SearchDocument:
    published = timezone.now() - datetime.timedelta(days=days_old)
    return SearchDocument(
        kind=kind,
        public_id=public_id or publicid.generate(),
        language=language,
        title=title,
        texts=((language, text), *translations),
        other_titles=other_titles,
        facets={name: tuple(codes) for name, codes in facets.items()},
        published_at=published,
        updated_at=published,
        flagged=flagged,
    )


def index(*docs: SearchDocument) -> list[SearchDocument]:
    documents_index(docs)
    return list(docs)


def titles(results: Any) -> list[str]:
    return [hit.title for hit in results.hits]


def in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    """Run ``work`` on a connection of its own; its result (or exception) in the list."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as error:  # handed to the test
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome
