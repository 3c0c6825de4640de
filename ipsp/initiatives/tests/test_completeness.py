# mypy: disable-error-code="union-attr, arg-type, operator, misc"
from __future__ import annotations

import pytest

from ipsp.initiatives.completeness import completeness
from ipsp.initiatives.queries import version_with_content
from ipsp.initiatives.services import InitiativeContent, initiative_create_draft
from ipsp.initiatives.tests.conftest import Contributor, make_initiative

pytestmark = pytest.mark.django_db


def test_a_bare_draft_scores_low_and_says_what_to_add_first(
    contributor: Contributor, terms: dict
) -> None:
    initiative = initiative_create_draft(
        contributor=contributor.user, content=InitiativeContent(title="Kiosks")
    )
    result = completeness(version_with_content(initiative.pending_version_id))
    assert result.percent == 5
    parts = [part for part, _text in result.suggestions]
    assert parts[0] in {"summary", "problem", "approach"}
    assert "places" in parts


def test_a_fuller_entry_scores_higher_and_names_only_what_is_missing(
    contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms)
    result = completeness(version_with_content(initiative.pending_version_id))
    parts = {part for part, _text in result.suggestions}
    assert 70 <= result.percent < 100
    assert "summary" not in parts and "countries" not in parts
    assert {"disciplines", "evidence_links", "dates"} <= parts
