"""User text is Markdown, rendered by markdown-it-py and sanitised by nh3.

Raw HTML in the source is not interpreted (``html=False``); the sanitiser is a
second line of defence that also forces safe link attributes.
"""

from __future__ import annotations

import re
import unicodedata

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


# A line that starts with a letter and holds only these ASCII characters (letters, digits,
# space and !"%'(),-./:;?) besides non-ASCII letters, marks, digits, punctuation and
# symbols, and does not end with a space (a hard break), never starts Markdown or HTML
# syntax nor comes out of the sanitiser escaped: a text made of such lines is its own
# plain text.
_INERT_LINE = re.compile(r"[^\x00-@\[-`{-\x7f][^\x00-\x1f#$&*+<=>@\[-`{-\x7f]*(?<! )")
_INERT_CATEGORIES = frozenset("LMNPS")


def _inert(text: str) -> bool:
    for line in text.split("\n"):
        if not line:
            continue
        if not line[0].isalpha() or not _INERT_LINE.fullmatch(line):
            return False  # indented, a list, a hard break, Markdown or HTML...
        if not line.isascii():
            for char in line:
                if char >= "\x80" and unicodedata.category(char)[0] not in _INERT_CATEGORIES:
                    return False
    return True


def to_plain_text(text: str) -> str:
    """Markdown to plain text, for snippets, feeds and search documents."""
    if text and _inert(text):
        # what rendering gives for such text (paragraphs and soft breaks: one line each),
        # some 20 times faster: a rebuild of the search index renders every entry's texts
        return "\n".join(line for line in text.split("\n") if line)
    return nh3.clean(_md.render(text or ""), tags=set()).strip()
