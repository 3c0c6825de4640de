"""Issue 3, point 3: every published version is kept and viewable at its own address
with its own DOI; the history lists them and shows what changed between any two."""

from __future__ import annotations

from typing import Any

import pytest

from ipsp.initiatives.tests.public_helpers import page_url, publish, publish_new_version, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(contributor: Any, terms: Any) -> Any:
    initiative = publish(contributor.user, terms)
    return publish_new_version(
        initiative,
        terms,
        title="Community water kiosks",
        summary="Solar-powered kiosks sell clean water at cost in twelve towns.",
        terms=[terms["country"][0], terms["country"][1], terms["sdg"][0]],
    )


def test_the_history_lists_each_published_version_with_its_date_and_doi(two_versions: Any) -> None:
    html = visitor().get(page_url(two_versions, suffix="history/")).content.decode()

    assert f"/en/initiatives/{two_versions.public_id}/versions/1/" in html
    assert f"/en/initiatives/{two_versions.public_id}/versions/2/" in html
    assert f"10.99999/ipsp.{two_versions.public_id}.v1" in html
    assert f"10.99999/ipsp.{two_versions.public_id}.v2" in html
    assert "?from=1&amp;to=2" in html


def test_the_page_shows_the_latest_version_and_links_to_the_history(two_versions: Any) -> None:
    html = visitor().get(page_url(two_versions)).content.decode()

    assert "in twelve towns" in html
    assert "This is version 2" in html
    assert f"/en/initiatives/{two_versions.public_id}/history/" in html


def test_an_earlier_version_stays_readable_at_its_own_address_with_its_doi(
    two_versions: Any,
) -> None:
    response = visitor().get(page_url(two_versions, suffix="versions/1/"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "in informal settlements" in html
    assert "in twelve towns" not in html
    assert "This is an earlier version" in html
    assert f"10.99999/ipsp.{two_versions.public_id}.v1" in html


def test_the_difference_marks_added_and_removed_words_and_changed_terms(
    two_versions: Any, terms: Any
) -> None:
    response = visitor().get(page_url(two_versions, suffix="diff/?from=1&to=2"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<del>informal settlements.</del>" in html or "<del>informal" in html
    assert "<ins>twelve" in html
    added_country = terms["country"][1]
    assert f'<ins dir="auto">{added_country.vocabulary.label}: {added_country.label}</ins>' in html


def test_two_identical_versions_have_no_difference(contributor: Any, terms: Any) -> None:
    initiative = publish_new_version(publish(contributor.user, terms), terms)

    html = visitor().get(page_url(initiative, suffix="diff/?from=2&to=1")).content.decode()

    assert "These two versions have the same content." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Choose a version."),
        ("?from=1&to=1", "Choose two different versions."),
        ("?from=1&to=9", "Choose one of the published versions."),
        ("?from=one&to=2", "Choose one of the published versions."),
    ],
)
def test_a_bad_comparison_is_refused_at_the_field(
    two_versions: Any, query: str, message: str
) -> None:
    response = visitor().get(page_url(two_versions, suffix=f"diff/{query}"))

    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_version_is_not_found(two_versions: Any) -> None:
    assert visitor().get(page_url(two_versions, suffix="versions/3/")).status_code == 404
    assert visitor().get(page_url(two_versions, suffix="versions/3/cite.bib")).status_code == 404
