# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""Issue 6: "My entries" lists a contributor's initiatives 50 a page, with links to the
other pages; what each row says (state, completeness, "still current?", an edit waiting
for validation) is the same whichever page it is on."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import Contributor, make_initiative
from ipsp.initiatives.views import MY_ENTRIES_PAGE_SIZE

pytestmark = pytest.mark.django_db

MY_ENTRIES = "/en/my/"


def signed_in(contributor: Contributor) -> Client:
    client = Client()
    client.force_login(contributor.user)
    return client


def page_html(client: Client, query: str = "") -> str:
    response = client.get(MY_ENTRIES + query)
    assert response.status_code == 200
    return response.content.decode()


def initiatives_section(html: str) -> str:
    start = html.index('aria-labelledby="my-initiatives-title"')
    return html[start : html.index("</section>", start)]


def edited_ids(html: str) -> list[str]:
    return re.findall(r'/initiatives/([0-9a-zA-Z]+)/edit/"', initiatives_section(html))


@pytest.fixture
def fifty_two(contributor: Contributor, terms: dict) -> list[Initiative]:
    """52 initiatives, the oldest first: one published and not confirmed for over a year,
    one published with an edit waiting for validation, then 50 drafts."""
    old = make_initiative(contributor.user, terms, state="published", title="Oldest kiosks")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Initiative.objects.filter(pk=old.pk).update(published_at=long_ago, last_confirmed_at=None)
    edited = make_initiative(contributor.user, terms, state="published", title="Edited kiosks")
    from ipsp.initiatives import services

    services.initiative_edit_published(initiative=edited, by=contributor.user)
    edited.refresh_from_db()
    services.initiative_submit(initiative=edited, by=contributor.user)
    drafts = [
        make_initiative(contributor.user, terms, title=f"Draft kiosks {n:02d}") for n in range(50)
    ]
    return [old, edited, *drafts]


def test_my_entries_shows_fifty_initiatives_a_page_newest_first_with_links_to_the_others(
    contributor: Contributor, fifty_two: list[Initiative]
) -> None:
    client = signed_in(contributor)
    first = page_html(client)
    second = page_html(client, "?page=2")

    newest_first = [initiative.public_id for initiative in reversed(fifty_two)]
    assert MY_ENTRIES_PAGE_SIZE == 50
    assert edited_ids(first) == newest_first[:50]
    assert edited_ids(second) == newest_first[50:]  # none repeated, none skipped
    assert "Initiatives 1 to 50 of 52, newest first." in first
    assert "Initiatives 51 to 52 of 52, newest first." in second
    assert 'href="?page=2#my-initiatives-title" rel="next"' in first
    assert 'href="?page=1#my-initiatives-title" rel="prev"' in second
    assert 'href="?page=2#my-initiatives-title" aria-current="page"' in second


def test_a_row_says_the_same_on_a_later_page(
    contributor: Contributor, fifty_two: list[Initiative]
) -> None:
    old, edited = fifty_two[0], fifty_two[1]
    second = initiatives_section(page_html(signed_in(contributor), "?page=2"))

    rows = second.split("<tr>")[2:]  # the header row first
    assert "Oldest kiosks" in rows[1] and "Edited kiosks" in rows[0]
    # the initiative not confirmed for over a year asks whether it is still current
    assert f"/initiatives/{old.public_id}/confirm-current/" in rows[1]
    assert "Still current? Confirm" in rows[1]
    assert "Published" in rows[1] and "%" in rows[1]
    # the published one with a submitted edit says so, and shows the edit's title
    assert "an edit awaits validation" in rows[0]
    assert f"/initiatives/{edited.public_id}/confirm-current/" not in rows[0]
    first = initiatives_section(page_html(signed_in(contributor)))
    assert "Still current? Confirm" not in first  # drafts are never asked


@pytest.mark.parametrize("asked", ["?page=3", "?page=99", "?page=-1"])
def test_a_page_number_out_of_range_gives_the_last_page(
    contributor: Contributor, fifty_two: list[Initiative], asked: str
) -> None:
    html = page_html(signed_in(contributor), asked)

    assert edited_ids(html) == [fifty_two[1].public_id, fifty_two[0].public_id]
    assert 'href="?page=2#my-initiatives-title" aria-current="page"' in html


def test_a_page_number_that_is_not_a_number_gives_the_first_page(
    contributor: Contributor, fifty_two: list[Initiative]
) -> None:
    html = page_html(signed_in(contributor), "?page=two")

    assert len(edited_ids(html)) == 50
    assert fifty_two[-1].public_id in edited_ids(html)


def test_one_page_of_initiatives_has_no_page_links(contributor: Contributor, terms: dict) -> None:
    make_initiative(contributor.user, terms)

    html = page_html(signed_in(contributor), "?page=4")
    section = initiatives_section(html)

    assert len(edited_ids(html)) == 1
    assert 'class="pagination"' not in section
    assert "newest first" not in section


def test_another_contributors_pages_show_only_their_own_initiatives(
    contributor: Contributor,
    other_contributor: Contributor,
    fifty_two: list[Initiative],
    terms: dict,
) -> None:
    theirs = make_initiative(other_contributor.user, terms, title="Their kiosks")

    html = page_html(signed_in(other_contributor), "?page=2")

    assert edited_ids(html) == [theirs.public_id]
    assert not {initiative.public_id for initiative in fifty_two} & set(edited_ids(html))


def test_a_visitor_asking_for_a_page_of_my_entries_is_sent_to_sign_in(
    client: Client, fifty_two: list[Initiative]
) -> None:
    response = client.get(MY_ENTRIES + "?page=2")

    assert response.status_code == 302
    assert "/my/sign-in/" in response["Location"]


def test_the_second_page_costs_the_same_queries_as_the_first(
    contributor: Contributor, fifty_two: list[Initiative]
) -> None:
    client = signed_in(contributor)
    page_html(client)  # a session's first request also refreshes the session
    counts = []
    for query in ("", "?page=2"):
        with CaptureQueriesContext(connection) as captured:
            page_html(client, query)
        counts.append(len(captured))

    assert counts[0] == counts[1]
