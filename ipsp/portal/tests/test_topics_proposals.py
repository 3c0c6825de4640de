"""The topic job: groups of entries become proposals at the secretariat's threshold,
with computed parts that follow the entries."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from ipsp.portal import topics
from ipsp.portal.models import TopicPage
from ipsp.portal.tasks import topics_refresh_task
from ipsp.portal.tests.topic_helpers import set_threshold, wage_entries
from ipsp.search.queries import search
from ipsp.search.services import document_remove
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


def test_a_group_is_proposed_once_it_reaches_the_size_the_secretariat_set(
    taxonomy: None,
) -> None:
    set_threshold(5)
    wage_entries(4)
    assert topics.topics_refresh().proposed == []

    wage_entries(1)
    report = topics.topics_refresh()

    assert [topic.title for topic in report.proposed] == ["Living wages"]
    topic = report.proposed[0]
    assert topic.state == TopicPage.State.PROPOSED
    assert topic.entry_count == 5
    assert topic.signature == "theme:living-wages"


def test_a_group_is_never_proposed_twice_even_when_set_aside(
    taxonomy: None, secretariat: object
) -> None:
    set_threshold(3)
    wage_entries(3)
    (topic,) = topics.topics_refresh().proposed
    topics.topic_dismiss(topic=topic, by=secretariat)  # type: ignore[arg-type]

    assert topics.topics_refresh().proposed == []
    assert TopicPage.objects.count() == 1


def test_a_group_of_a_term_with_a_place_is_titled_with_both(taxonomy: None) -> None:
    set_threshold(3, maximum=4)
    wage_entries(3)
    index(*[make_doc(f"Peru {i}", theme=["living-wages"], country=["PE"]) for i in range(3)])

    titles = {topic.title for topic in topics.topics_refresh().proposed}

    assert "Living wages in Kenya" in titles  # "Living wages" alone (6) is over the maximum


def test_the_computed_parts_say_what_entries_share_and_what_sets_each_apart(
    taxonomy: None,
) -> None:
    set_threshold(3)
    docs = wage_entries(4)
    (topic,) = topics.topics_refresh().proposed

    with translation.override("en"):
        view = topics.topic_view(topic)

    features = {feature.label: feature.values for feature in view.features}
    assert features["Themes"] == [("Living wages", 4)]
    assert features["Countries"] == [("Kenya", 4)]
    assert view.years == (2015, 2018)
    assert view.size == 4
    assert {entry.title for entry in view.entries} == {doc.title for doc in docs}
    by_title = {entry.title: entry.specific for entry in view.entries}
    assert by_title["Living wage project 0"] == ["Mathematics"]  # its own discipline
    assert by_title["Living wage project 2"] == ["Basic medicine"]


def test_the_job_recomputes_a_published_page_as_its_entries_change(
    taxonomy: None, secretariat: object
) -> None:
    set_threshold(3)
    docs = wage_entries(4)
    (topic,) = topics.topics_refresh().proposed
    topic.introduction = "Paying enough to live on."
    topic.save()
    topics.topic_publish(topic=topic, by=secretariat)  # type: ignore[arg-type]
    first_computed = TopicPage.objects.get(pk=topic.pk).computed_at

    document_remove(kind="initiative", public_id=docs[0].public_id)
    wage_entries(2)
    topics_refresh_task.enqueue()

    topic.refresh_from_db()
    assert topic.entry_count == 5
    assert docs[0].public_id not in [e["public_id"] for e in topic.computed["entries"]]
    assert topic.computed_at is not None and first_computed is not None
    assert topic.computed_at > first_computed


def test_a_published_topic_page_is_found_by_the_search(taxonomy: None, secretariat: object) -> None:
    set_threshold(3)
    wage_entries(3)
    (topic,) = topics.topics_refresh().proposed
    topics.topic_update(
        topic=topic,
        title="Living wages in East Africa",
        introduction="How **cooperatives** negotiate wages.",
        language="en",
        by=secretariat,  # type: ignore[arg-type]
    )
    assert search("cooperatives").total == 0  # a proposal is not public

    topics.topic_publish(topic=topic, by=secretariat)  # type: ignore[arg-type]

    hits = search("cooperatives", filters={"kind": ["topic"]}).hits
    assert [(hit.kind, hit.title) for hit in hits] == [("topic", "Living wages in East Africa")]
    # the search page links the result to the topic page, as it does initiatives
    page = Client().get("/en/search/", {"q": "cooperatives"}).content.decode()
    assert f'href="{topics.topic_url(topic.public_id)}"' in page


def test_the_command_reports_what_it_did(taxonomy: None, capsys: pytest.CaptureFixture) -> None:
    set_threshold(3)
    wage_entries(3)

    call_command("propose_topics")

    out = capsys.readouterr().out
    assert "Proposed “Living wages”" in out
    assert "0 topic pages recomputed, 1 proposed" in out


def test_the_main_actors_are_those_behind_several_entries(
    taxonomy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_threshold(3)
    docs = wage_entries(3, kind="resource")
    behind = {
        docs[0].public_id: [("a1", "Wage Council", True)],
        docs[1].public_id: [("a1", "Wage Council", True), ("a2", "Lone Union", False)],
        docs[2].public_id: [("a1", "Wage Council", True)],
    }
    monkeypatch.setitem(
        topics._actors_of, "resource", lambda ids: {i: behind[i] for i in ids if i in behind}
    )

    (topic,) = topics.topics_refresh().proposed

    assert [(a["name"], a["count"]) for a in topic.computed["actors"]] == [("Wage Council", 3)]
