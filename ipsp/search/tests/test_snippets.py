from __future__ import annotations

import pytest
from django.db import connection

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


def _long_text(words: int) -> str:
    """A description of ``words`` words in sentences of ten, none of them 'quinoa'."""
    filler = ["community", "members", "share", "tools", "and", "meet", "every", "week", "here"]
    sentences = []
    for start in range(0, words, 10):
        sentence = [filler[(start + i) % len(filler)] for i in range(10)]
        sentences.append(" ".join(sentence).capitalize() + ".")
    return " ".join(sentences)


def test_a_word_early_in_a_long_description_is_highlighted_in_a_short_snippet() -> None:
    index(make_doc("Seed library", "Growers swap quinoa seeds. " + _long_text(5000)))

    snippet = search("quinoa").hits[0].snippet

    assert "<mark>quinoa</mark>" in snippet
    assert len(snippet) < 400  # a few lines, not the description


def test_a_word_far_into_a_long_description_finds_the_entry_with_a_short_excerpt() -> None:
    index(make_doc("Seed library", "Growers swap seeds. " + _long_text(5000) + " Quinoa fields."))

    results = search("quinoa")

    assert [hit.title for hit in results.hits] == ["Seed library"]
    snippet = results.hits[0].snippet
    assert 0 < len(snippet) < 400
    # snippets are cut from the text's beginning only
    assert snippet.startswith("Growers swap seeds.")


def test_a_word_early_in_a_long_description_ranks_above_the_same_word_far_into_another() -> None:
    """PostgreSQL ranks a long text from its beginning (the titles and each text's first
    ~1,000 characters); a word found only further on still finds the entry, after."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite ranks from the whole text (bm25)")
    index(make_doc("Near", "Growers swap quinoa seeds. " + _long_text(3000)))
    index(make_doc("Far", "Growers swap seeds. " + _long_text(3000) + " Quinoa fields."))

    assert [hit.title for hit in search("quinoa").hits] == ["Near", "Far"]


def test_a_phrase_is_found_wherever_it_is_in_a_long_description() -> None:
    index(make_doc("Seed library", _long_text(3000) + " They grow red quinoa. " + _long_text(900)))

    assert search('"red quinoa"').total == 1
    assert search('"quinoa red"').total == 0


def test_a_word_early_in_a_long_translation_is_highlighted() -> None:
    index(
        make_doc(
            "Bibliothèque de semences",
            "Les membres échangent des graines. " * 300,
            language="fr",
            translations=(("en", "Members swap quinoa seeds. " + _long_text(2000)),),
        )
    )

    assert "<mark>quinoa</mark>" in search("quinoa").hits[0].snippet


def test_a_phrase_straddling_the_cut_of_a_long_text_is_found() -> None:
    """SQLite keeps a text's first ~1,000 characters apart for snippets; a phrase whose
    words fall either side of that cut is still found as a phrase."""
    from ipsp.search.backends.sqlite import head_length

    text = "community " * 99 + "red quinoa " + "members " * 200
    cut = head_length(text)
    assert text[:cut].endswith("red") and text[cut:].lstrip().startswith("quinoa")
    index(make_doc("Seed library", text))

    assert search('"red quinoa"').total == 1
    assert search('"quinoa red"').total == 0
