"""Parts of an entry's public page that higher packages add, without the page importing them.

An initiative's or an organisation's page shows things kept by packages above it
(DESIGN.md: reviews, community...): flags and validation badges near the title,
a "contact" button, a conversation link. Each such package registers a panel from
its ``AppConfig.ready``::

    from ipsp.core.panels import Panel, register_entry_panel

    register_entry_panel(Panel(
        key="flags", kinds=("actor",), slot="badges", order=20,
        template="reviews/_flags_panel.html",
        context=lambda request, kind, public_id: flags_context(kind, public_id),
    ))

``context`` returns the template's ``panel`` dictionary, or ``None`` to show nothing.
It receives the public id only: what a panel shows must be public, or checked there
against ``request.user``. The page view calls ``entry_panels(request, kind, public_id)``
and its template includes ``core/_panels.html`` with ``panels=panels.<slot>``.

Slots: ``badges`` (short items near the title, rendered as list items) and
``actions`` (a block after the page's facts: buttons, small forms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

SLOTS = ("badges", "actions")


@dataclass(frozen=True)
class Panel:
    key: str
    kinds: tuple[str, ...]
    slot: str
    template: str
    context: Callable[[HttpRequest, str, str], dict[str, object] | None]
    order: int = 100

    def __post_init__(self) -> None:
        if self.slot not in SLOTS:
            raise ValueError(f"unknown panel slot {self.slot!r}; known: {', '.join(SLOTS)}")


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    template: str
    context: dict[str, object]


_panels: dict[str, Panel] = {}


def register_entry_panel(panel: Panel) -> None:
    _panels[panel.key] = panel  # by key, so a second ready() call changes nothing


def unregister_entry_panel(key: str) -> None:
    _panels.pop(key, None)


def entry_panels(request: HttpRequest, kind: str, public_id: str) -> dict[str, list[RenderedPanel]]:
    """The panels to show on the page of one entry, by slot, in order."""
    chosen: dict[str, list[RenderedPanel]] = {slot: [] for slot in SLOTS}
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if kind not in panel.kinds:
            continue
        context = panel.context(request, kind, public_id)
        if context is not None:
            chosen[panel.slot].append(RenderedPanel(panel.key, panel.template, context))
    return chosen
