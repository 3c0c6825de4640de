"""Pages of accounts that higher packages fill in, without accounts importing them.

``My entries`` lists what a contributor holds: initiatives, organisations, and
later other kinds of entries. Each package registers a section from its
``AppConfig.ready``::

    from ipsp.accounts.sections import Section, register_my_entries_section

    register_my_entries_section(Section(
        key="initiatives", order=10,
        template="initiatives/_my_entries.html",
        context=lambda request, user: {"initiatives": initiatives_for_contributor(user)},
    ))

The template receives the dictionary as ``section`` (and ``request``, ``user``).
The staff home page works the same way with ``register_staff_home_section``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from ipsp.accounts.models import User


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context: Callable[[HttpRequest, User], dict[str, object]]
    order: int = 100
    # For staff home sections: shown only when this returns True (e.g. a role check).
    visible: Callable[[User], bool] | None = None


@dataclass(frozen=True)
class RenderedSection:
    key: str
    template: str
    context: dict[str, object]


_my_entries: dict[str, Section] = {}
_staff_home: dict[str, Section] = {}


def register_my_entries_section(section: Section) -> None:
    _my_entries[section.key] = section  # by key, so a second ready() call changes nothing


def register_staff_home_section(section: Section) -> None:
    _staff_home[section.key] = section


def my_entries_sections() -> list[Section]:
    return sorted(_my_entries.values(), key=lambda s: (s.order, s.key))


def staff_home_sections() -> list[Section]:
    return sorted(_staff_home.values(), key=lambda s: (s.order, s.key))


def render_sections(
    found: list[Section], request: HttpRequest, user: User
) -> list[RenderedSection]:
    return [
        RenderedSection(key=s.key, template=s.template, context=s.context(request, user))
        for s in found
        if s.visible is None or s.visible(user)
    ]
