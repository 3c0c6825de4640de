"""Every term has a code, an English description and a label in every UI language."""

from __future__ import annotations

import pycountry
import pytest
from django.conf import settings

from ipsp.taxonomy.loader import read_vocabularies
from ipsp.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def test_every_term_of_every_vocabulary_has_a_label_in_all_eleven_languages(
    taxonomy: None,
) -> None:
    assert len(LANGUAGES) == 11
    missing = [
        f"{term.vocabulary.code}:{term.code}:{language}"
        for term in Term.objects.select_related("vocabulary")
        for language in LANGUAGES
        if not (term.labels.get(language) or "").strip()
    ]
    assert missing == []


def test_every_vocabulary_has_a_name_in_all_eleven_languages(taxonomy: None) -> None:
    missing = [
        f"{vocabulary.code}:{language}"
        for vocabulary in Vocabulary.objects.all()
        for language in LANGUAGES
        if not vocabulary.labels.get(language)
    ]
    assert missing == []


def test_every_term_has_a_short_english_description(taxonomy: None) -> None:
    without = [
        f"{term.vocabulary.code}:{term.code}"
        for term in Term.objects.select_related("vocabulary")
        if not term.descriptions.get("en") or len(term.descriptions["en"]) > 300
    ]
    assert without == []


def test_translated_labels_are_not_simply_the_english_ones_for_written_vocabularies() -> None:
    copied = [
        f"{vocabulary.code}:{term.code}:{language}"
        for vocabulary in read_vocabularies()
        if vocabulary.code not in {"country", "language"}
        for term in vocabulary.terms
        for language in ("ar", "zh-hans", "ru", "ja", "hi", "bn")
        if term.labels.get(language) == term.labels["en"]
    ]
    assert copied == []


def test_the_fourteen_themes_are_two_overarching_and_twelve_under_a_component(
    taxonomy: None,
) -> None:
    themes = Term.objects.of("theme").select_related("parent__vocabulary")
    overarching = [t.code for t in themes if t.parent is None]
    assert sorted(overarching) == ["measuring-what-we-value", "systemic-transformation"]
    under: dict[str, list[str]] = {}
    for theme in themes:
        if theme.parent:
            assert theme.parent.vocabulary.code == "agenda"
            under.setdefault(theme.parent.code, []).append(theme.code)
    assert {code: len(codes) for code, codes in under.items()} == {
        "economy": 3,
        "social-change": 3,
        "democracy": 2,
        "nature": 2,
        "global-security": 2,
    }


def test_disciplines_are_the_six_oecd_fields_and_their_forty_two_sub_fields(
    taxonomy: None,
) -> None:
    disciplines = Term.objects.of("discipline").select_related("parent")
    fields = [t for t in disciplines if t.parent is None]
    assert [t.labels["en"] for t in fields] == [
        "Natural sciences",
        "Engineering and technology",
        "Medical and health sciences",
        "Agricultural sciences",
        "Social sciences",
        "Humanities",
    ]
    sub_fields = [t for t in disciplines if t.parent is not None]
    assert len(sub_fields) == 42
    assert all(t.parent and t.code.split(".")[0] == t.parent.code for t in sub_fields)


def test_every_iso_country_has_a_un_m49_region_except_antarctica(taxonomy: None) -> None:
    countries = Term.objects.of("country").select_related("parent__vocabulary")
    assert {c.code for c in countries} == {c.alpha_2 for c in pycountry.countries}
    without_region = [c.code for c in countries if c.parent is None]
    assert without_region == ["AQ"]
    assert all(c.parent.vocabulary.code == "region" for c in countries if c.parent)


def test_actor_types_split_government_into_local_regional_and_national(taxonomy: None) -> None:
    codes = set(Term.objects.of("actor_type").values_list("code", flat=True))
    assert {"government-local", "government-regional", "government-national"} <= codes
    assert len(codes) == 11
    assert Term.objects.of("audience").count() == 7
