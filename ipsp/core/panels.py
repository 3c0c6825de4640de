"""Parts of an entry's public page that higher packages add, without the page importing them.

An initiative's or an organisation's page shows things kept by packages above it
(DESIGN.md: reviews, community...): flags and validation badges near the title,
a "contact" button, a conversation link. Each such package registers a panel from
its ``AppConfig.ready``::

    from ipsp.core.panels import Panel, register_entry_panel

    register_entry_panel(Panel(
        key="flags", kinds=("actor",), slot="badges", order=20,
        template="reviews/_flags_panel.html",
        context=lambda request, entry: flags_context(entry.kind, entry.public_id),
    ))

``context`` returns the template's ``panel`` dictionary, or ``None`` to show nothing.
It receives the entry as the page already loaded it (a ``PanelEntry``: kind, public
id, primary key, title, whether it is published, who holds it), so a panel does not
look the entry up again. What a panel shows must be public, or checked there against
``request.user``. The page view calls ``entry_panels(request, entry)`` and its
template includes ``core/_panels.html`` with ``panels=panels.<slot>``.

Slots: ``badges`` (short items near the title, rendered as list items),
``actions`` (a block after the page's facts: buttons, small forms) and ``beside``
(sections after the related entries: the topics an entry belongs to, bookmark tools).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

SLOTS = ("badges", "actions", "beside")


@dataclass(frozen=True)
class PanelEntry:
    """The entry whose page is shown, built once by the page from what it loaded.

    ``holder_ids``: the people who hold the entry (its contributor, the organisation's
    owner) and can receive messages about it (active, with an address to write to),
    as the directory states it; empty when nobody can.
    """

    kind: str
    public_id: str
    pk: int
    title: str
    published: bool
    holder_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Panel:
    key: str
    kinds: tuple[str, ...]
    slot: str
    template: str
    context: Callable[[HttpRequest, PanelEntry], dict[str, object] | None]
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


def entry_panels(request: HttpRequest, entry: PanelEntry) -> dict[str, list[RenderedPanel]]:
    """The panels to show on the page of ``entry``, by slot, in order."""
    chosen: dict[str, list[RenderedPanel]] = {slot: [] for slot in SLOTS}
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if entry.kind not in panel.kinds:
            continue
        context = panel.context(request, entry)
        if context is not None:
            chosen[panel.slot].append(RenderedPanel(panel.key, panel.template, context))
    return chosen
