from __future__ import annotations

import pytest

from ipsp.search.queries import search
from ipsp.search.query import Phrase, QueryError, parse
from ipsp.search.tests.factories import index, make_doc, titles


@pytest.fixture
def library(db: None) -> None:
    index(
        make_doc("Housing cooperatives in Nairobi", "Residents own and run their housing."),
        make_doc("Social housing policy", "A city programme of affordable rents."),
        make_doc("Shelter for migrants", "Emergency shelter and legal advice."),
        make_doc("Microcredit for women", "Small loans for cooperative businesses."),
    )


def test_words_must_all_be_found(library: None) -> None:
    assert titles(search("housing residents")) == ["Housing cooperatives in Nairobi"]


def test_an_exact_phrase_must_be_found_in_that_order(library: None) -> None:
    assert titles(search('"social housing"')) == ["Social housing policy"]
    assert titles(search('"housing social"')) == []


def test_or_finds_either_word(library: None) -> None:
    assert sorted(titles(search("rents OR shelter"))) == [
        "Shelter for migrants",
        "Social housing policy",
    ]


def test_a_minus_excludes_a_word(library: None) -> None:
    assert titles(search("housing -cooperatives")) == ["Social housing policy"]
    assert titles(search('housing -"affordable rents"')) == ["Housing cooperatives in Nairobi"]


def test_a_star_finds_words_starting_with_it(library: None) -> None:
    assert sorted(titles(search("cooperat*"))) == [
        "Housing cooperatives in Nairobi",
        "Microcredit for women",
    ]


def test_title_matches_rank_before_text_matches(library: None) -> None:
    results = search("cooperative*")
    assert titles(results)[0] == "Housing cooperatives in Nairobi"


def test_a_search_that_only_excludes_asks_for_a_word(db: None) -> None:
    with pytest.raises(QueryError) as error:
        search("-housing")
    assert "at least one word" in error.value.message


def test_symbols_alone_get_a_clear_message(db: None) -> None:
    with pytest.raises(QueryError) as error:
        search('"" *** () 🎉')
    assert "nothing to look for" in error.value.message


def test_empty_search_lists_everything(library: None) -> None:
    assert search("").total == 4


def test_the_parser_reads_the_usual_syntax() -> None:
    parsed = parse('housing "social policy" rents OR shelter -loans cooperat*')
    assert parsed.clauses == (
        (Phrase(("housing",)),),
        (Phrase(("social", "policy"), exact=True),),
        (Phrase(("rents",)), Phrase(("shelter",))),
        (Phrase(("cooperat",), prefix=True),),
    )
    assert parsed.excluded == (Phrase(("loans",)),)


def test_fts_and_sql_syntax_are_only_words_to_the_parser() -> None:
    parsed = parse("NEAR(a b) title:x ^y '; DROP TABLE search_fts; --")
    assert [p.words for p in parsed.phrases()] == [
        ("NEAR", "a"),
        ("b",),
        ("title", "x"),
        ("y",),
        ("DROP",),
        ("TABLE",),
        ("search", "fts"),
    ]


def test_an_unbalanced_quote_runs_to_the_end() -> None:
    parsed = parse('housing "social policy')
    assert parsed.clauses[-1] == (Phrase(("social", "policy"), exact=True),)


def test_or_without_two_sides_is_the_word_or() -> None:
    assert parse("OR").clauses == ((Phrase(("or",)),),)
    assert parse("housing OR").clauses == ((Phrase(("housing",)),), (Phrase(("or",)),))


def test_a_very_long_search_is_shortened_with_a_notice() -> None:
    parsed = parse("word " * 2000)
    assert len(parsed.clauses) == 1  # the same word, once
    assert parsed.notices and "shortened" in parsed.notices[0]
    many = parse(" ".join(f"w{i}" for i in range(40)))
    assert len(many.clauses) == 12
    assert any("first 12" in notice for notice in many.notices)


def test_mixed_scripts_are_split_into_words_of_one_script() -> None:
    parsed = parse("AI社会")
    assert [p.words for p in parsed.phrases()] == [("AI",), ("社会",)]


def test_the_message_is_in_the_visitors_language(db: None) -> None:
    from django.utils import translation

    with translation.override("fr"), pytest.raises(QueryError) as error:
        search("-logement")
    assert "Ajoutez au moins un mot" in error.value.message
