"""The options of a facet list: ``{% facet_options facet base_url results %}``.

A search page lists every code of every facet with its count (about 500 options for the
whole directory); written by the template language, one option cost ~50 µs, a third of
the page's time. Here each is one string, every value in it escaped with ``html.escape``
(what Django's ``escape`` and the template's autoescaping do).
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def facet_options(facet: Any, base_url: str, results: Any = None) -> SafeString:
    """The ``<li>`` of each option of a ``views.FacetView``; counts marked "~" when the
    ``results`` say they are estimates."""
    approximate = "~" if results and not getattr(results, "facets_exact", True) else ""
    chosen = f'<span class="visually-hidden">{escape(gettext("Chosen:"))} </span>'
    start = f'<li><a href="{escape(str(base_url))}?'
    name = escape(str(facet.name))
    current = ' aria-current="true"'
    items = []
    for option in facet.options:
        selected = option.selected
        items.append(
            f'{start}{escape(str(option.query))}" class="facet-option'
            f'{" is-selected" if selected else ""}" data-facet="{name}"'
            f' data-code="{escape(str(option.code))}"{current if selected else ""}>'
            '<span class="facet-box" aria-hidden="true"></span>'
            f'<span class="facet-label">{chosen if selected else ""}{escape(str(option.label))}'
            f'</span> <span class="facet-count">{approximate}{int(option.count)}</span></a></li>'
        )
    # every value above is escaped; the rest is this function's own markup
    return mark_safe("\n".join(items))  # noqa: S308
