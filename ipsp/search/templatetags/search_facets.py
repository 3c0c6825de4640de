"""The options of a facet list: ``{% facet_options facet base_url results %}``.

A search page lists every code of every facet with its count (about 500 options for the
whole directory); written by the template language, one option cost ~50 µs, a third of
the page's time. Here each is one ``format_html`` (every value escaped as the template
would).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

OPTION = (
    '<li><a href="{}?{}" class="facet-option{}" data-facet="{}" data-code="{}"{}>'
    '<span class="facet-box" aria-hidden="true"></span>'
    '<span class="facet-label">{}{}</span> <span class="facet-count">{}{}</span></a></li>'
)


@register.simple_tag
def facet_options(facet: Any, base_url: str, results: Any = None) -> SafeString:
    """The ``<li>`` of each option of a ``views.FacetView``; counts marked "~" when the
    ``results`` say they are estimates."""
    chosen = format_html('<span class="visually-hidden">{} </span>', gettext("Chosen:"))
    current = format_html(' aria-current="{}"', "true")
    approximate = "~" if results and not getattr(results, "facets_exact", True) else ""
    return format_html_join(
        "\n",
        OPTION,
        (
            (
                base_url,
                option.query,
                " is-selected" if option.selected else "",
                facet.name,
                option.code,
                current if option.selected else "",
                chosen if option.selected else "",
                option.label,
                approximate,
                option.count,
            )
            for option in facet.options
        ),
    )
