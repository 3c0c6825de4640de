"""Issue 6, point 5: an initiative's page shows related entries with the reason for each
("also about Living wages", "also in Kenya", "also mentions “apiculture”"), best first;
a word most entries contain is never given as a reason, a rare shared one is."""

from __future__ import annotations

from typing import Any

import pytest

from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.public_helpers import page_url, publish, visitor
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


def related_section(initiative: Initiative) -> str:
    response = visitor().get(page_url(initiative))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('aria-labelledby="related-title"')
    return html[start : html.index("</section>", start)]


def in_the_index(initiative: Initiative, text: str, **facets: Any) -> None:
    index(make_doc("Urban apiculture", text, public_id=initiative.public_id, **facets))


def test_the_page_names_what_each_related_entry_shares_with_the_initiative(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(contributor.user, terms)
    in_the_index(initiative, "bees", theme=["living-wages"], country=["KE"])
    index(
        make_doc("Wage boards in Nairobi", "boards", theme=["living-wages"], country=["KE"]),
        make_doc("Living wages in Lima", "lima", theme=["living-wages"], country=["PE"]),
        make_doc("Kenyan tax reform", "tax", country=["KE"], theme=["systemic-transformation"]),
    )

    section = related_section(initiative)

    both, theme_only = section.index("Wage boards in Nairobi"), section.index("Living wages in")
    assert both < theme_only  # sharing two terms ranks first
    first_reasons = section[both : section.index("</li>", both)]
    assert "also about Living wages" in first_reasons
    assert "also in Kenya" in first_reasons
    lima_reasons = section[theme_only : section.index("</li>", theme_only)]
    assert "also about Living wages" in lima_reasons
    assert "Kenya" not in lima_reasons


def test_a_rare_shared_word_is_a_reason_and_a_common_one_is_not(
    contributor: Any, terms: Any
) -> None:
    # "cooperative" is in every entry; "apiculture" in this one and one other only
    index(*[make_doc(f"Filler {n}", f"cooperative filler{n}") for n in range(12)])
    initiative = publish(contributor.user, terms)
    in_the_index(initiative, "apiculture apiculture cooperative cooperative rooftops")
    (close,) = index(make_doc("Bees on roofs", "apiculture cooperative on rooftops"))

    section = related_section(initiative)

    assert close.title in section
    reasons = section[section.index(close.title) :]
    assert "also mentions “apiculture”" in reasons
    assert "“cooperative”" not in section
    assert "Filler" not in section  # sharing only a common word relates nothing
