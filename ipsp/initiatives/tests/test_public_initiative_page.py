"""Issue 3, point 5: the initiative page shows the published version's public fields,
never the pending edit nor the contact email, links its terms, and costs a fixed
number of queries whatever the number of terms, links and places."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from ipsp.initiatives import services
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import full_content, make_initiative, make_term
from ipsp.initiatives.tests.public_helpers import page_url, publish, visitor

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_public_fields_of_the_published_version(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(
        contributor.user,
        terms,
        links=[
            services.LinkInput(url="https://example.org/report", title="Annual report"),
            services.LinkInput(
                url="https://example.org/evaluation", title="Impact evaluation", kind="evidence"
            ),
        ],
        start_date=datetime.date(2019, 3, 1),
    )

    response = visitor().get(page_url(initiative))
    html = response.content.decode()

    assert response.status_code == 200
    for text in [
        "Community water kiosks",
        "Solar-powered kiosks sell clean water",
        "Wanjiru Kamau",
        "Maji Safi Collective",
        "Households pay ten times more",
        "<strong>women",
        "Twelve towns adopted the model.",
        "Plastic waste is collected",
        "Monitored",
        "Active",
        "Nairobi",
        "Annual report",
        "Impact evaluation",
        f"10.99999/ipsp.{initiative.public_id}",
        "This is version 1",
    ]:
        assert text in html, text
    assert 'href="https://example.org/evaluation"' in html
    assert "Cite this" in html
    assert f'href="/en/initiatives/{initiative.public_id}/report/"' in html


def test_taxonomy_terms_link_to_their_term_pages(contributor: Any, terms: Any) -> None:
    initiative = publish(contributor.user, terms)

    html = visitor().get(page_url(initiative)).content.decode()

    for term in [terms["country"][0], terms["theme"][0], terms["sdg"][0]]:
        assert (
            f'href="/en/taxonomy/{term.vocabulary.code}/{term.code}/">{escape(term.label)}<' in html
        )


def test_organisations_without_an_actor_page_are_shown_as_plain_text(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(contributor.user, terms)

    html = visitor().get(page_url(initiative)).content.decode()

    assert "<bdi>Maji Safi Collective</bdi>" in html
    assert "/actors/" not in html


def test_the_contact_email_is_never_shown(contributor: Any, terms: Any) -> None:
    initiative = services.initiative_create_draft(
        contributor=contributor.user,
        content=full_content(terms),
        contact=services.ContactInput(email="private.person@example.org", consent_text="I agree"),
    )
    services.initiative_submit(initiative=initiative, by=contributor.user)
    from ipsp.initiatives.tests.public_helpers import publisher

    services.initiative_publish(initiative=initiative, by=publisher())

    client = visitor()
    for suffix in ["", "history/", "versions/1/", "cite.bib", "cite.datacite.json", "report/"]:
        body = client.get(page_url(initiative, suffix=suffix)).content.decode()
        assert "private.person" not in body, suffix


def test_an_edit_waiting_for_validation_stays_out_of_sight(contributor: Any, terms: Any) -> None:
    initiative = publish(contributor.user, terms)
    services.initiative_edit_published(initiative=initiative, by=contributor.user)
    initiative.refresh_from_db()
    services.initiative_update_draft(
        initiative=initiative,
        by=contributor.user,
        content=full_content(terms, title="Secret new title", summary="Unpublished words."),
    )
    services.initiative_submit(initiative=initiative, by=contributor.user)

    html = visitor().get(page_url(initiative)).content.decode()

    assert "Community water kiosks" in html
    assert "Secret new title" not in html
    assert "Unpublished words" not in html
    assert visitor().get(page_url(initiative, suffix="versions/2/")).status_code == 404


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_an_initiative_that_is_not_published_has_no_public_page(
    contributor: Any, terms: Any, state: str
) -> None:
    initiative = make_initiative(contributor.user, terms, state=state)

    for suffix in ["", "history/", "versions/1/", "cite.bib", "report/"]:
        assert visitor().get(page_url(initiative, suffix=suffix)).status_code == 404, suffix


def test_an_unknown_public_id_is_not_found(db: None) -> None:
    assert visitor().get("/en/initiatives/0000000000/").status_code == 404


def test_an_initiative_not_confirmed_for_two_years_says_since_when(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(contributor.user, terms)
    long_ago = timezone.now() - datetime.timedelta(days=800)
    Initiative.objects.filter(pk=initiative.pk).update(last_confirmed_at=long_ago)

    html = visitor().get(page_url(initiative)).content.decode()

    assert "Not updated since" in html


def test_a_recently_confirmed_initiative_shows_no_freshness_warning(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(contributor.user, terms)
    Initiative.objects.filter(pk=initiative.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )

    assert "Not updated since" not in visitor().get(page_url(initiative)).content.decode()


def test_the_head_has_highwire_citation_tags_and_schema_org_json_ld_with_the_doi(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(contributor.user, terms)

    html = visitor().get(page_url(initiative)).content.decode()
    head = html.split("</head>")[0]

    assert '<meta name="citation_title" content="Community water kiosks">' in head
    assert '<meta name="citation_author" content="Maji Safi Collective">' in head
    assert f'<meta name="citation_doi" content="10.99999/ipsp.{initiative.public_id}">' in head
    assert f'/en/initiatives/{initiative.public_id}/">' in head.split('rel="canonical"')[1]
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@type"] == "CreativeWork"
    assert data["identifier"]["value"] == f"10.99999/ipsp.{initiative.public_id}"
    assert data["about"]["@type"] == "Project"
    assert data["about"]["areaServed"][0]["name"] == terms["country"][0].label


def test_the_page_is_shown_in_every_language(contributor: Any, terms: Any) -> None:
    initiative = publish(contributor.user, terms)

    response = visitor().get(page_url(initiative, "fr"))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="fr"' in html
    sdg = terms["sdg"][0]
    assert f'href="/fr/taxonomy/sdg/{sdg.code}/">{escape(sdg.labels.get("fr", sdg.code))}<' in html


def _queries_for(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_a_fixed_number_of_queries(
    contributor: Any,
    terms: Any,
    django_assert_max_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # as in production, what runs once a publication commits (its stored references) has run
    with django_capture_on_commit_callbacks(execute=True):
        small = publish(contributor.user, terms)
    many_terms = [make_term("theme", f"theme-{n}") for n in range(15)] + terms["country"]
    with django_capture_on_commit_callbacks(execute=True):
        large = publish(
            contributor.user,
            terms,
            holders=[f"Holder {n}" for n in range(10)],
            organisations=[f"Organisation {n}" for n in range(8)],
            terms=many_terms,
            links=[
                services.LinkInput(url=f"https://example.org/{n}", title=f"Link {n}")
                for n in range(15)
            ],
            places=[
                services.PlaceInput(
                    name=f"Place {n}", country_code="KE", latitude=-1 - n, longitude=36
                )
                for n in range(15)
            ],
        )
    client = visitor()
    _queries_for(client, page_url(small))  # warm caches (content types, templates)

    small_count = _queries_for(client, page_url(small))
    large_count = _queries_for(client, page_url(large))

    assert large_count == small_count
    # 10 for the page itself, up to 10 for its related entries and topics (ipsp.search.related)
    with django_assert_max_num_queries(20):
        client.get(page_url(large))


@pytest.mark.parametrize(
    "suffix",
    ["", "history/", "versions/1/", "diff/?from=1&to=2", "report/", "cite.bib", "cite.ris"],
)
def test_a_visitor_gets_no_cookie(contributor: Any, terms: Any, suffix: str) -> None:
    initiative = publish(contributor.user, terms)
    from ipsp.initiatives.tests.public_helpers import publish_new_version

    publish_new_version(initiative, terms, title="Community water kiosks, second edition")

    response = visitor().get(page_url(initiative, suffix=suffix))

    assert response.status_code == 200
    assert not response.cookies
