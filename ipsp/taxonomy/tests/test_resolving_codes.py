"""Other packages check codes with terms_resolve: unknown and retired codes get clear errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ipsp.taxonomy import queries, services
from ipsp.taxonomy.models import Term

pytestmark = pytest.mark.django_db


def test_known_codes_resolve_to_terms_in_the_order_given_without_repeats(
    taxonomy: None,
) -> None:
    terms = queries.terms_resolve("sdg", ["5", "1", "5"])
    assert [t.code for t in terms] == ["5", "1"]
    assert terms[0].label == "Gender equality"


def test_an_unknown_code_is_named_in_the_error(taxonomy: None) -> None:
    with pytest.raises(ValidationError) as error:
        queries.terms_resolve("sdg", ["1", "18"])
    assert error.value.messages == [
        "“18” is not a code of the vocabulary “Sustainable Development Goals”."
    ]


def test_the_unknown_code_error_is_in_french_for_a_french_reader(taxonomy: None) -> None:
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        queries.terms_resolve("sdg", ["18"])
    assert error.value.messages == [
        "« 18 » n\u2019est pas un code du vocabulaire « Objectifs de développement durable »."
    ]


def test_a_retired_code_is_refused_with_its_label(taxonomy: None, secretariat: object) -> None:
    media = Term.objects.get(vocabulary__code="audience", code="media")
    services.term_retire(term=media, by=secretariat)  # type: ignore[arg-type]

    with pytest.raises(ValidationError) as error:
        queries.terms_resolve("audience", ["scholars", "media"])
    assert error.value.messages == [
        "“Media” (media) has been retired from the vocabulary “Audiences” "
        "and can no longer be chosen."
    ]
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        queries.terms_resolve("audience", ["media"])
    assert error.value.messages == [
        "« Médias » (media) a été retiré du vocabulaire « Publics » et ne peut plus être choisi."
    ]


def test_a_code_of_another_vocabulary_is_unknown_here(taxonomy: None) -> None:
    with pytest.raises(ValidationError, match="“economy” is not a code"):
        queries.terms_resolve("theme", ["economy"])


def test_an_unknown_vocabulary_is_a_programming_error(taxonomy: None) -> None:
    with pytest.raises(LookupError, match="no vocabulary 'colour'"):
        queries.terms_resolve("colour", ["red"])


def test_countries_are_sorted_by_their_name_in_the_reader_s_language(taxonomy: None) -> None:
    with translation.override("fr"):
        names = [t.label for t in queries.country_terms()]
        assert names.index("Égypte") < names.index("Érythrée") < names.index("Espagne")
        assert names[0] == "Afghanistan"
    assert len(names) == 249


def test_the_region_of_a_country_is_its_un_m49_sub_region(taxonomy: None) -> None:
    def english(country_code: str) -> str | None:
        region = queries.region_of(country_code)
        return region.labels["en"] if region else None

    assert english("KE") == "Eastern Africa"
    assert english("fr") == "Western Europe"
    assert english("JE") == "Channel Islands"
    assert queries.region_of("AQ") is None
    assert queries.region_of("ZZ") is None
    assert [r.labels["en"] for r in queries.regions_of("BR")] == [
        "Americas",
        "Latin America and the Caribbean",
        "South America",
    ]


def test_country_and_language_names_come_translated(taxonomy: None) -> None:
    germany = Term.objects.get(vocabulary__code="country", code="DE")
    assert germany.labels["ja"] == "ドイツ"
    assert germany.labels["sw"] == "Ujerumani"
    assert germany.labels["ar"] == "ألمانيا"
    french = Term.objects.get(vocabulary__code="language", code="fr")
    assert french.labels["es"] == "Francés"
    assert french.labels["zh-hans"] == "法语"


def test_labels_of_many_codes_come_in_the_active_language_in_one_query(taxonomy: None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wanted = {"sdg": ["5", "1", "99"], "country": ["KE"], "nothing": ["x"]}
    with translation.override("fr"), CaptureQueriesContext(connection) as captured:
        labels = queries.term_labels(wanted)

    assert len(captured) == 1
    assert labels[("sdg", "5")] == Term.objects.get(vocabulary__code="sdg", code="5").labels["fr"]
    assert labels[("country", "KE")] == "Kenya"
    assert ("sdg", "99") not in labels  # not a term
    with translation.override("en"):
        assert queries.term_labels({"sdg": ["5"]}) == {("sdg", "5"): "Gender equality"}
    assert queries.term_labels({}) == {}


def test_known_codes_are_those_that_are_terms(taxonomy: None) -> None:
    assert queries.known_codes({"sdg": ["5", "99"], "country": ["KE", "XX"]}) == {
        ("sdg", "5"),
        ("country", "KE"),
    }
    assert "17" in queries.term_codes("sdg")
