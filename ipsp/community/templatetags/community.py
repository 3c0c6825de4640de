from __future__ import annotations

from django import template
from markupsafe import Markup

from ipsp.core.markdown import render

register = template.Library()


@register.filter
def message_markdown(text: str) -> Markup:
    """A message's Markdown as sanitised HTML (ipsp.core.markdown)."""
    return render(text)
