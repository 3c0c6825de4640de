"""The search index follows publication: published entries are found, withdrawn ones are
not, and a published edit replaces the old text at once (never a stale published entry)."""

from __future__ import annotations

import pytest

from ipsp.initiatives import services
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.search import initiative_search_document
from ipsp.initiatives.tests.conftest import Contributor, full_content, make_initiative
from ipsp.search.queries import search
from ipsp.search.services import index_rebuild
from ipsp.taxonomy.models import Term

pytestmark = pytest.mark.django_db


def found(text: str, **filters: list[str]) -> list[str]:
    return [hit.public_id for hit in search(text, filters=filters).hits]


def test_a_published_initiative_is_found_and_a_draft_is_not(
    contributor: Contributor, terms: dict[str, list[Term]], secretariat: object
) -> None:
    draft = make_initiative(contributor.user, terms, title="Draft about lighthouses")
    submitted = make_initiative(
        contributor.user, terms, state="submitted", title="Submitted about lighthouses"
    )
    published = make_initiative(
        contributor.user, terms, state="published", title="Published about lighthouses"
    )
    assert found("lighthouses") == [published.public_id]
    assert draft.public_id not in found("lighthouses") and submitted.public_id not in found("draft")


def test_a_withdrawn_initiative_is_no_longer_found(
    contributor: Contributor, terms: dict[str, list[Term]], secretariat: object
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    assert found("kiosks") == [initiative.public_id]
    services.initiative_withdraw(initiative=initiative, by=secretariat, reason="Closed")  # type: ignore[arg-type]
    assert found("kiosks") == []


def test_a_published_edit_replaces_the_old_text_and_a_pending_one_does_not(
    contributor: Contributor, terms: dict[str, list[Term]], secretariat: object
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    # an edit waiting for validation is not searchable
    services.initiative_edit_published(initiative=initiative, by=contributor.user)
    initiative.refresh_from_db()
    services.initiative_update_draft(
        initiative=initiative,
        by=contributor.user,
        content=full_content(terms, title="Rainwater cisterns"),
    )
    assert found("cisterns") == []
    assert found("community") == [initiative.public_id]
    services.initiative_submit(initiative=initiative, by=contributor.user)
    services.initiative_publish(initiative=initiative, by=secretariat)  # type: ignore[arg-type]
    assert found("cisterns") == [initiative.public_id]
    assert found("community") == []  # the old title is gone with the old version


def test_a_failed_publication_leaves_the_index_as_it_was(
    contributor: Contributor,
    terms: dict[str, list[Term]],
    secretariat: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    from ipsp.initiatives import search as initiative_search

    def broken(initiative: Initiative) -> object:
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(initiative_search, "initiative_search_document", broken)
    with pytest.raises(RuntimeError):
        services.initiative_publish(initiative=initiative, by=secretariat)  # type: ignore[arg-type]
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.SUBMITTED
    assert found("kiosks") == []


def test_the_document_holds_public_fields_and_facets_only(
    contributor: Contributor, terms: dict[str, list[Term]], secretariat: object
) -> None:
    living_wages = Term.objects.get(vocabulary__code="theme", code="living-wages")
    kenya = Term.objects.get(vocabulary__code="country", code="KE")
    initiative = services.initiative_create_draft(
        contributor=contributor.user,
        content=full_content(
            terms,
            terms=[kenya, living_wages, terms["sdg"][1]],
            transcript_text="We sing about water in the video.",
        ),
        contact=services.ContactInput(email="secret.person@example.org", consent_text="I agree"),
    )
    services.initiative_submit(initiative=initiative, by=contributor.user)
    initiative = services.initiative_publish(
        initiative=initiative,
        by=secretariat,  # type: ignore[arg-type]
        note="Private decision note",
    )
    doc = initiative_search_document(initiative)
    body = " ".join(text for _language, text in doc.texts)
    assert "Wanjiru Kamau" in body and "Maji Safi Collective" in body and "sing about" in body
    assert "secret.person" not in body and "Private decision note" not in body
    assert "**" not in body  # Markdown reduced to plain text
    assert doc.facets["theme"] == ("living-wages",)
    assert doc.facets["agenda"] == ("economy",)  # the theme's agenda component
    assert doc.facets["country"] == ("KE",)
    assert doc.facets["region"] == ("002", "202", "014")  # Africa > Sub-Saharan > Eastern
    assert doc.facets["status"] == ("active",) and doc.facets["evidence_level"] == ("monitored",)
    assert [tuple(point) for point in doc.points] == [(-1.28, 36.8, "KE")]
    assert found("water", region=["014"], theme=["living-wages"]) == [initiative.public_id]
    assert found("secret") == [] and found("decision") == []


def test_a_rebuild_indexes_published_initiatives_only(
    contributor: Contributor, terms: dict[str, list[Term]], secretariat: object
) -> None:
    published = make_initiative(contributor.user, terms, state="published")
    make_initiative(contributor.user, terms, title="A draft kiosk")
    withdrawn = make_initiative(contributor.user, terms, state="published", title="Old kiosks")
    services.initiative_withdraw(initiative=withdrawn, by=secretariat, reason="Closed")  # type: ignore[arg-type]
    assert index_rebuild(kinds=["initiative"]) == 1
    assert found("kiosks") == [published.public_id]
