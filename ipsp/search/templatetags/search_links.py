"""Links from other pages into the search: ``{% browse_url term as url %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ipsp.search.filters import TAXONOMY_FACETS

register = template.Library()


@register.simple_tag
def browse_url(term: Any) -> str:
    """The browse page of a taxonomy term, or "" when its vocabulary is not a facet."""
    vocabulary = getattr(getattr(term, "vocabulary", None), "code", "")
    if vocabulary not in TAXONOMY_FACETS.values():
        return ""
    return reverse("search:browse", kwargs={"vocabulary": vocabulary, "code": term.code})
