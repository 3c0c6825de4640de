from __future__ import annotations

import pytest

from ipsp.search.queries import search
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


def test_snippets_highlight_the_words_found() -> None:
    index(make_doc("Cooperatives", "Residents of the district run a housing cooperative together."))

    snippet = search("housing").hits[0].snippet

    assert "<mark>housing</mark>" in snippet


def test_snippets_escape_html_from_the_entry() -> None:
    index(
        make_doc(
            "Scripts",
            'A <script>alert("x")</script> housing & <b>rent</b> \ue000forged\ue001 mark.',
        )
    )

    snippet = search("housing").hits[0].snippet

    # SQLite shows the tags as text, PostgreSQL's ts_headline leaves them out
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&amp;" in snippet
    assert "<mark>housing</mark>" in snippet
    assert "<mark>forged</mark>" not in snippet


def test_snippets_highlight_chinese_words() -> None:
    index(make_doc("社会进步", "这个项目促进农村地区的社会保障。", language="zh-hans"))

    assert "<mark>社会保障</mark>" in search("社会保障").hits[0].snippet


def test_a_match_in_a_translation_shows_the_translation() -> None:
    index(
        make_doc(
            "Coopératives",
            "Des habitants construisent leurs logements.",
            language="fr",
            translations=(("en", "Residents build their homes."),),
        )
    )

    assert "<mark>homes</mark>" in search("homes").hits[0].snippet
