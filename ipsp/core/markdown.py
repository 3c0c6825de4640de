"""User text is Markdown, rendered by markdown-it-py and sanitised by nh3.

Raw HTML in the source is not interpreted (``html=False``); the sanitiser is a
second line of defence that also forces safe link attributes.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render(text: str) -> Markup:
    """Markdown to safe HTML. Headings are shifted down so user text never outranks the page."""
    html = _md.render(text or "")
    for level in range(6, 0, -1):
        shifted = min(level + 2, 6)
        html = html.replace(f"<h{level}>", f"<h{shifted}>").replace(
            f"</h{level}>", f"</h{shifted}>"
        )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above


def to_plain_text(text: str) -> str:
    """Markdown to plain text, for snippets, feeds and search documents."""
    return nh3.clean(_md.render(text or ""), tags=set()).strip()
