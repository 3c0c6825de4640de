from __future__ import annotations

import pytest
from django.db import connection

from ipsp.search.queries import search
from ipsp.search.tests.factories import index, make_doc, titles

pytestmark = pytest.mark.django_db


def test_accents_are_ignored_in_french() -> None:
    index(make_doc("Économie sociale à Lyon", "Coopératives d'économie solidaire", language="fr"))

    assert titles(search("economie")) == ["Économie sociale à Lyon"]
    assert titles(search("ÉCONOMIE cooperatives")) == ["Économie sociale à Lyon"]


def test_an_entry_is_found_through_its_translation() -> None:
    index(
        make_doc(
            "Coopératives d'habitants",
            "Des habitants construisent ensemble leurs logements.",
            language="fr",
            translations=(("en", "Residents build their homes together."),),
            other_titles=(("en", "Residents' cooperatives"),),
        )
    )

    assert titles(search("homes together")) == ["Coopératives d'habitants"]
    assert titles(search("residents cooperatives")) == ["Coopératives d'habitants"]


def test_chinese_is_found_without_spaces() -> None:
    index(
        make_doc("社会进步平台", "这个项目促进农村地区的社会保障和妇女就业。", language="zh-hans"),
        make_doc("教育项目", "为儿童提供免费教育。", language="zh-hans"),
    )

    assert titles(search("社会保障")) == ["社会进步平台"]
    assert titles(search("妇女就业")) == ["社会进步平台"]
    assert titles(search("教育")) == ["教育项目"]
    assert titles(search("障")) == ["社会进步平台"]  # a single character
    assert titles(search("保妇")) == []  # characters that are not next to each other


def test_japanese_is_found_without_spaces() -> None:
    index(
        make_doc(
            "地域の子ども食堂", "地域の子どもたちに無料で食事を提供しています。", language="ja"
        )
    )

    assert titles(search("子ども食堂")) == ["地域の子ども食堂"]
    assert titles(search("無料で食事")) == ["地域の子ども食堂"]
    assert titles(search("食事を提供")) == ["地域の子ども食堂"]


def test_latin_words_next_to_chinese_are_found() -> None:
    index(make_doc("AI社会创新", "利用AI技术改善公共服务", language="zh-hans"))

    assert titles(search("AI")) == ["AI社会创新"]
    assert titles(search("AI 公共服务")) == ["AI社会创新"]


def test_arabic_script_is_found() -> None:
    index(make_doc("سياسات الحماية الاجتماعية", "برنامج لدعم الأسر في المدن", language="ar"))

    assert titles(search("الحماية")) == ["سياسات الحماية الاجتماعية"]
    assert titles(search("الأسر")) == ["سياسات الحماية الاجتماعية"]


def test_bengali_and_hindi_words_keep_their_vowel_signs() -> None:
    index(
        make_doc("সামাজিক উন্নয়ন কর্মসূচি", "গ্রামীণ নারীদের জন্য ক্ষুদ্রঋণ", language="bn"),
        make_doc("सामाजिक विकास कार्यक्रम", "ग्रामीण महिलाओं के लिए", language="hi"),
    )

    assert titles(search("উন্নয়ন")) == ["সামাজিক উন্নয়ন কর্মসূচি"]
    assert titles(search("নারীদের")) == ["সামাজিক উন্নয়ন কর্মসূচি"]
    assert titles(search("महिलाओं")) == ["सामाजिक विकास कार्यक्रम"]
    # a vowel sign alone is not a word of its own: "সম" is not found in "সামাজিক"
    assert titles(search("সম")) == []


def test_russian_and_spanish_are_found_case_insensitively() -> None:
    index(
        make_doc("Жилищные кооперативы", "Доступное ЖИЛЬЁ для семей", language="ru"),
        make_doc("Vivienda digna", "Programa de VIVIENDA para familias", language="es"),
    )

    assert titles(search("жильё")) == ["Жилищные кооперативы"]
    assert titles(search("vivienda")) == ["Vivienda digna"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_stemming_finds_other_forms_of_a_word_where_the_language_has_it() -> None:
    index(
        make_doc("Housing cooperatives", "Neighbours organised themselves", language="en"),
        make_doc("Économies locales", "Les coopératives agricoles", language="fr"),
    )

    assert titles(search("cooperative organising")) == ["Housing cooperatives"]
    assert titles(search("coopérative agricole")) == ["Économies locales"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance is pg_trgm's")
def test_titles_close_to_mistyped_words_are_offered_when_nothing_matches() -> None:
    index(make_doc("Housing cooperatives", "Neighbours organised themselves"))

    results = search("housng cooperatives")

    assert results.fuzzy
    assert titles(results) == ["Housing cooperatives"]
    assert "similar titles" in results.notices[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance is pg_trgm's")
def test_a_title_somewhat_close_to_a_mistyped_word_is_offered() -> None:
    """ "housng" is 0.57 similar to "Housing cooperatives": under pg_trgm's default
    threshold (0.6), within the platform's (0.45)."""
    index(make_doc("Housing cooperatives", "Neighbours organised themselves"))

    assert titles(search("housng")) == ["Housing cooperatives"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance is pg_trgm's")
@pytest.mark.django_db(transaction=True)
def test_similar_titles_outside_a_transaction_on_the_same_connection_each_time() -> None:
    """Outside a transaction the threshold is set once for the connection's session."""
    index(make_doc("Housing cooperatives", "Neighbours organised themselves"))

    for _search in range(3):
        results = search("housng")
        assert results.fuzzy and titles(results) == ["Housing cooperatives"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance is pg_trgm's")
def test_known_words_outside_the_filters_give_no_similar_titles() -> None:
    """Words that are found, only not in the chosen country, are not mistyped: the
    search shows no results rather than entries with similar titles."""
    index(make_doc("Housing cooperatives", "Neighbours organised", country=["KE"]))
    # close enough in its title to be offered for a mistyped search (see the test above)
    index(make_doc("Housing co-operators", "Growers swap seeds", country=["BR"]))

    results = search("housing cooperatives", filters={"country": ["BR"]})

    assert results.total == 0 and not results.hits
    assert not results.fuzzy
    assert not any("similar titles" in notice for notice in results.notices)

    mistyped = search("housing coperatives", filters={"country": ["BR"]})
    assert mistyped.fuzzy and titles(mistyped) == ["Housing co-operators"]
