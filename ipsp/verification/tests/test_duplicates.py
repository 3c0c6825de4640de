from __future__ import annotations

import pytest

from ipsp.verification.duplicates import normalise, similar_entries
from ipsp.verification.models import Level1Check
from ipsp.verification.services import level1_check
from ipsp.verification.tests.helpers import make_submission
from ipsp.verification.types import Candidate

EXISTING = [
    Candidate(
        "AAAA1111", "Clean Water for Rural Women in Kisumu", "Kisumu Community Action Network", "KE"
    ),
    Candidate("BBBB2222", "Girls' education programme", "Bridges for Equity", "NG"),
    Candidate("CCCC3333", "Clean water for rural women in Kisumu", "Another body", "TZ"),
]


def test_titles_are_normalised_without_accents_case_or_punctuation() -> None:
    assert normalise("  Café-Écoles!  de  São Paulo ") == "cafe ecoles de sao paulo"


def test_the_same_initiative_written_differently_is_found_with_its_score() -> None:
    found = similar_entries(
        "Clean water for rural women, Kisumu", "Kisumu Community Action Network", "ke", EXISTING
    )

    assert found[0].public_id == "AAAA1111"
    assert found[0].score > 90
    assert found[0].organisation_score == 100


def test_another_country_lowers_the_score() -> None:
    found = similar_entries("Clean water for rural women in Kisumu", "", "KE", EXISTING)

    by_id = {entry.public_id: entry.score for entry in found}
    assert by_id["AAAA1111"] > by_id.get("CCCC3333", 0)


def test_unrelated_titles_are_not_proposed() -> None:
    assert similar_entries("Urban beekeeping cooperative", "Bees Ltd", "KE", EXISTING) == []


def test_candidates_come_through_a_callable_given_the_country() -> None:
    asked: list[str] = []

    def source(country: str) -> list[Candidate]:
        asked.append(country)
        return [c for c in EXISTING if c.country == country]

    found = similar_entries("Girls education programme", "", "ng", source)

    assert asked == ["NG"]
    assert [entry.public_id for entry in found] == ["BBBB2222"]


@pytest.mark.django_db
def test_level1_stores_possible_duplicates_for_the_merge_proposal() -> None:
    outcome = level1_check(
        make_submission(public_id="NEW00001", candidates=lambda country: EXISTING)
    )

    assert outcome.duplicates[0].public_id == "AAAA1111"
    stored = Level1Check.objects.get(pk=outcome.check_id)
    assert stored.duplicates[0]["public_id"] == "AAAA1111"
    assert stored.duplicates[0]["score"] > 90


@pytest.mark.django_db
def test_an_entry_is_not_its_own_duplicate() -> None:
    outcome = level1_check(
        make_submission(public_id="AAAA1111", candidates=lambda country: EXISTING)
    )

    assert "AAAA1111" not in [d.public_id for d in outcome.duplicates]
