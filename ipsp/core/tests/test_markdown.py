"""User text is Markdown: it renders, and nothing in it can run in a reader's browser."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from ipsp.core.markdown import render, to_plain_text


class Elements(HTMLParser):
    """The real tags and attributes of rendered HTML (escaped text is only text)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    @property
    def urls(self) -> list[str]:
        return [value.strip().lower() for name, value in self.attributes if name in {"href", "src"}]


def test_ordinary_markdown_renders_as_expected() -> None:
    html = render("Some **bold**, *em*, a [link](https://example.org) and\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<em>em</em>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer ugc">link</a>' in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> world",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<svg onload="alert(1)"></svg>',
        "<style>body{display:none}</style>",
    ],
)
def test_raw_html_never_becomes_markup(source: str) -> None:
    elements = Elements(render(source))
    assert set(elements.tags) <= {"p", "a"}
    assert not [name for name, _value in elements.attributes if name.startswith("on")]


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](java&#115;cript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![image](javascript:alert(1))",
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_link_schemes_are_removed(source: str) -> None:
    elements = Elements(render(source))
    assert "img" not in elements.tags
    for url in elements.urls:
        assert url.startswith(("http://", "https://", "mailto:")), url


def test_images_are_not_loaded_from_anywhere() -> None:
    # An image would be a request to another site, which the platform never makes.
    assert "<img" not in render("![a tracking pixel](https://tracker.example/pixel.gif)")


def test_headings_are_shifted_below_the_page_title() -> None:
    html = render("# Title\n\n## Section\n\n###### Deep")
    assert "<h1>" not in html and "<h2>" not in html
    assert "<h3>Title</h3>" in html
    assert "<h4>Section</h4>" in html
    assert "<h6>Deep</h6>" in html


def test_empty_text_renders_as_nothing() -> None:
    assert render("") == ""
    assert render(None) == ""  # type: ignore[arg-type]


def test_plain_text_keeps_the_words_and_drops_the_markup() -> None:
    text = to_plain_text("# Title\n\nSome **bold** <b>html</b> and a [link](https://x.org)")
    assert "Title" in text and "bold" in text and "link" in text
    assert "<" not in text and "**" not in text and "https://x.org" not in text


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        (
            "Water for 3 villages (2024): 40% more, isn't it?",
            "Water for 3 villages (2024): 40% more, isn't it?",
        ),
        ('He said "enough" / twice.', 'He said "enough" / twice.'),
        ("First paragraph.\n\nSecond one,\nwrapped.\n", "First paragraph.\nSecond one,\nwrapped."),
        (
            "Ünïcødé — “quotes” … নিরাপদ পানি। 社区厨房。",
            "Ünïcødé — “quotes” … নিরাপদ পানি। 社区厨房。",
        ),
        ("Wages  doubled", "Wages  doubled"),
        ("Community-led - and self-run", "Community-led - and self-run"),
        ("Intro\n- item\n---", "Intro\n\nitem"),
        # Markdown or HTML syntax, or characters the sanitiser escapes
        ("A *strong* claim and a [link](https://example.org)", "A strong claim and a link"),
        ("1. first\n2. second", "first\nsecond"),
        ("Title\n=====\nText", "Title\nText"),
        ("    indented code", "indented code"),
        ("Line with a hard break  \nnext", "Line with a hard break\nnext"),
        ("Fish & chips < 5", "Fish &amp; chips &lt; 5"),
        ("no\u00a0break", "no&nbsp;break"),
        ("~~gone~~ kept", "gone kept"),
        ("", ""),
    ],
)
def test_plain_text_is_the_text_without_its_markdown(text: str, plain: str) -> None:
    assert to_plain_text(text) == plain
