"""The secretariat edits, translates and publishes topic pages; nobody else may."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from ipsp.core.panels import PanelEntry, entry_panels
from ipsp.portal import topics
from ipsp.portal.models import TopicPage
from ipsp.portal.tests.topic_helpers import set_threshold, wage_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(taxonomy: None) -> TopicPage:
    set_threshold(3)
    wage_entries(3)
    (topic,) = topics.topics_refresh().proposed
    return topic


def edit_url(topic: TopicPage) -> str:
    return f"/en/staff/topics/{topic.public_id}/"


def test_the_secretariat_sees_the_proposals(
    secretariat_client: Client, proposal: TopicPage
) -> None:
    page = secretariat_client.get("/en/staff/topics/").content.decode()
    assert "Living wages" in page and edit_url(proposal) in page


def test_the_secretariat_writes_translates_and_publishes_a_page(
    secretariat_client: Client, proposal: TopicPage
) -> None:
    response = secretariat_client.post(
        edit_url(proposal),
        {"title": "Living wages", "introduction": "Paying *enough* to live on.", "language": "en"},
    )
    assert response.status_code == 302
    response = secretariat_client.post(
        edit_url(proposal) + "translation/",
        {"language": "fr", "title": "Salaires vitaux", "introduction": "Payer *assez*."},
    )
    assert response.status_code == 302
    response = secretariat_client.post(edit_url(proposal) + "state/", {"action": "publish"})
    assert response.status_code == 302

    proposal.refresh_from_db()
    assert proposal.state == TopicPage.State.PUBLISHED
    public = Client().get(f"/fr/topics/{proposal.public_id}/", follow=True)
    html = public.content.decode()
    assert "Salaires vitaux" in html and "<em>assez</em>" in html
    assert "Kenya" in html  # the computed parts


def test_a_page_without_an_introduction_cannot_be_published(
    secretariat_client: Client, proposal: TopicPage
) -> None:
    response = secretariat_client.post(edit_url(proposal) + "state/", {"action": "publish"})

    assert response.status_code == 400
    assert "Write an introduction before publishing the page." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == TopicPage.State.PROPOSED


def test_an_empty_title_is_refused_at_the_field_and_nothing_changes(
    secretariat_client: Client, proposal: TopicPage
) -> None:
    response = secretariat_client.post(
        edit_url(proposal), {"title": "  ", "introduction": "Text", "language": "en"}
    )

    assert response.status_code == 400
    assert 'id="topic_title_error"' in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.title, proposal.introduction) == ("Living wages", "")


def test_a_translation_in_the_original_language_is_refused(
    secretariat_client: Client, proposal: TopicPage
) -> None:
    response = secretariat_client.post(
        edit_url(proposal) + "translation/", {"language": "en", "title": "Living wages"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="translation_language_error"' in html
    assert "This is the language of the original text" in html
    assert not proposal.translations.exists()


@pytest.mark.parametrize("path", ["", "translation/", "state/"])
def test_a_reviewer_may_not_edit_topic_pages(
    reviewer_client: Client, proposal: TopicPage, path: str
) -> None:
    assert reviewer_client.post(edit_url(proposal) + path, {"action": "publish"}).status_code == 403
    assert reviewer_client.get("/en/staff/topics/").status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == TopicPage.State.PROPOSED


def test_a_contributor_may_not_edit_topic_pages(
    contributor_client: Client, proposal: TopicPage
) -> None:
    assert contributor_client.get(edit_url(proposal)).status_code == 403
    assert (
        contributor_client.post(edit_url(proposal) + "state/", {"action": "publish"}).status_code
        == 403
    )


def test_a_visitor_is_sent_to_the_staff_sign_in(client: Client, proposal: TopicPage) -> None:
    response = client.post(edit_url(proposal) + "state/", {"action": "publish"})
    assert response.status_code in (302, 403)
    response = client.get(edit_url(proposal))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/staff/sign-in/")


def test_a_proposal_has_no_public_page(client: Client, proposal: TopicPage) -> None:
    assert client.get(f"/en/topics/{proposal.public_id}/").status_code == 404
    assert proposal.public_id not in client.get("/en/topics/").content.decode()


def published(proposal: TopicPage, secretariat: Any) -> TopicPage:
    proposal.introduction = "Paying enough to live on."
    proposal.save()
    return topics.topic_publish(topic=proposal, by=secretariat)


def test_visitors_read_topic_pages_without_a_cookie(
    client: Client, proposal: TopicPage, secretariat: Any
) -> None:
    topic = published(proposal, secretariat)

    listing = client.get("/en/topics/")
    short = client.get(f"/en/topics/{topic.public_id}/")
    page = client.get(short["Location"])

    assert short.status_code == 301 and short["Location"].endswith("/living-wages/")
    assert page.status_code == 200 and "Living wage project 0" in page.content.decode()
    assert topic.public_id in listing.content.decode()
    for response in (listing, short, page):
        assert not response.cookies


def test_published_topic_pages_are_in_the_sitemap(
    client: Client, proposal: TopicPage, secretariat: Any
) -> None:
    topic = published(proposal, secretariat)
    cache.clear()

    sitemap = client.get("/sitemap-topics.xml").content.decode()

    assert f"/en/topics/{topic.public_id}/living-wages/" in sitemap


def test_an_entry_page_names_the_topics_it_belongs_to(
    rf: Any, proposal: TopicPage, secretariat: Any
) -> None:
    topic = published(proposal, secretariat)
    entry = topic.computed["entries"][0]
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()

    panels = entry_panels(request, PanelEntry(entry["kind"], entry["public_id"], 0, "", True))

    assert [p.key for p in panels["beside"]] == ["portal-topics"]  # no bookmark tools
    topics_shown: Any = panels["beside"][0].context["entry_topics"]
    assert [t["title"] for t in topics_shown] == ["Living wages"]


def test_only_the_secretariat_may_start_the_job(
    reviewer_client: Client,
    contributor_client: Client,
    client: Client,
    proposal: TopicPage,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(topics, "topics_refresh", lambda: started.append(True))  # the task's work

    assert reviewer_client.post("/en/staff/topics/").status_code == 403
    assert contributor_client.post("/en/staff/topics/").status_code == 403
    assert client.post("/en/staff/topics/").status_code in (302, 403)
    assert started == []


def test_the_staff_list_states_both_ways_of_grouping(
    secretariat_client: Client, proposal: TopicPage
) -> None:
    page = secretariat_client.get("/en/staff/topics/").content.decode()
    assert "is proposed once it holds 3 entries" in page
    assert "when their wording is at least 30 in 100 alike" in page
