"""Higher packages add parts to entry pages through ipsp.core.panels."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from ipsp.core import publicid
from ipsp.core.panels import (
    Panel,
    PanelEntry,
    entry_panels,
    register_entry_panel,
    unregister_entry_panel,
)


@pytest.fixture
def panels() -> Iterator[None]:
    register_entry_panel(
        Panel(
            key="test-b",
            kinds=("actor",),
            slot="badges",
            order=2,
            template="b.html",
            context=lambda request, entry: {"id": entry.public_id},
        )
    )
    register_entry_panel(
        Panel(
            key="test-a",
            kinds=("actor", "initiative"),
            slot="badges",
            order=1,
            template="a.html",
            context=lambda request, entry: {"kind": entry.kind},
        )
    )
    register_entry_panel(
        Panel(
            key="test-none",
            kinds=("actor",),
            slot="actions",
            template="n.html",
            context=lambda request, entry: None,
        )
    )
    yield
    for key in ("test-a", "test-b", "test-none"):
        unregister_entry_panel(key)


@pytest.mark.django_db  # the packages' own panels (flags, validation...) read the database
def test_panels_of_a_kind_come_in_order_and_none_means_nothing(panels: None) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    actor_id = publicid.generate()
    actor = PanelEntry("actor", actor_id, pk=1, title="An organisation", published=True)
    chosen = entry_panels(request, actor)
    badges = [(p.key, p.template, p.context) for p in chosen["badges"] if p.key.startswith("test")]
    assert badges == [
        ("test-a", "a.html", {"kind": "actor"}),
        ("test-b", "b.html", {"id": actor_id}),
    ]
    assert [p.key for p in chosen["actions"] if p.key.startswith("test")] == []
    initiative = PanelEntry("initiative", publicid.generate(), 2, "An initiative", True)
    only_a = [p.key for p in entry_panels(request, initiative)["badges"]]
    assert "test-b" not in only_a and "test-a" in only_a


def test_an_unknown_slot_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown panel slot"):
        Panel(key="x", kinds=("actor",), slot="sidebar", template="x", context=lambda *a: {})
