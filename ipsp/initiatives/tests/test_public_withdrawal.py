"""Issue 3, point 3: a withdrawn initiative leaves a tombstone (HTTP 410) with its title,
DOI, dates and the reason, in every language; its citations stay available."""

from __future__ import annotations

from typing import Any

import bibtexparser
import pytest
from django.conf import settings

from ipsp.initiatives import services
from ipsp.initiatives.tests.public_helpers import page_url, publish, publisher, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(contributor: Any, terms: Any) -> Any:
    initiative = publish(contributor.user, terms)
    return services.initiative_withdraw(
        initiative=initiative, by=publisher(), reason="The project holders asked for it."
    )


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_withdrawn_initiative_answers_410_with_a_tombstone_in_every_language(
    withdrawn: Any, language: str
) -> None:
    response = visitor().get(page_url(withdrawn, language))
    html = response.content.decode()

    assert response.status_code == 410
    assert f'<html lang="{language}"' in html
    assert "Community water kiosks" in html
    assert f"10.99999/ipsp.{withdrawn.public_id}" in html
    assert "The project holders asked for it." in html
    assert "Households pay ten times more" not in html
    assert not response.cookies


@pytest.mark.parametrize("suffix", ["history/", "versions/1/", "diff/?from=1&to=2", "report/"])
def test_the_other_pages_of_a_withdrawn_initiative_are_gone_too(
    withdrawn: Any, suffix: str
) -> None:
    assert visitor().get(page_url(withdrawn, suffix=suffix)).status_code == 410


def test_a_withdrawn_initiative_cannot_be_reported(withdrawn: Any) -> None:
    response = visitor().post(page_url(withdrawn, suffix="report/"), {"reason": "spam"})

    assert response.status_code == 410
    assert not withdrawn.problem_reports.exists()


def test_the_citations_of_a_withdrawn_initiative_stay_available(withdrawn: Any) -> None:
    download = visitor().get(page_url(withdrawn, suffix="cite.bib"))
    negotiated = visitor().get(page_url(withdrawn), headers={"Accept": "application/x-bibtex"})
    version = visitor().get(page_url(withdrawn, suffix="versions/1/cite.ris"))

    assert download.status_code == 200
    entry = bibtexparser.parse_string(download.content.decode()).entries[0]
    assert entry["doi"] == f"10.99999/ipsp.{withdrawn.public_id}"
    assert negotiated.status_code == 200
    assert negotiated["Content-Type"].startswith("application/x-bibtex")
    assert version.status_code == 200
