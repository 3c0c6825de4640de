"""Published topic pages follow their entries: when an entry is published, edited (a new
published version) or withdrawn, the pages holding it (or that should now hold it)
recompute their computed parts through a task enqueued on commit; the secretariat's
text is never touched."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from ipsp.portal import topics
from ipsp.portal.models import TopicPage
from ipsp.portal.tests.test_topics_close_in_wording import housing_entries
from ipsp.portal.tests.topic_helpers import set_threshold, wage_entries
from ipsp.search.queries import search
from ipsp.search.registry import register_index_listener, unregister_index_listener
from ipsp.search.services import document_index, document_remove
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def page(
    taxonomy: None, secretariat: Any, django_capture_on_commit_callbacks: Capture
) -> TopicPage:
    """A published page on living wages, with the secretariat's own title and text."""
    set_threshold(3)
    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        wage_entries(3)
    (topic,) = topics.topics_refresh().proposed
    topics.topic_update(
        topic=topic,
        title="Paying enough to live on",
        introduction="What **living wages** change.",
        language="en",
        by=secretariat,
    )
    topics.topic_translation_save(
        topic=topic, language="fr", title="Salaires vitaux", introduction="Ce qui change."
    )
    return topics.topic_publish(topic=topic, by=secretariat)


def titles(topic: TopicPage) -> set[str]:
    topic.refresh_from_db()
    return {entry["title"] for entry in topic.computed["entries"]}


def test_a_newly_published_entry_joins_the_published_page(
    page: TopicPage, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        index(make_doc("Wage board of Mombasa", "ports", theme=["living-wages"], country=["KE"]))

    assert "Wage board of Mombasa" in titles(page)
    assert page.entry_count == 4
    assert page.entries.filter(entry_id__isnull=False).count() == 4
    hits = search("Mombasa", filters={"kind": ["topic"]}).hits  # the page is re-indexed
    assert [hit.public_id for hit in hits] == [page.public_id]


def test_an_entry_edited_out_of_the_group_leaves_it_and_an_edited_title_shows(
    page: TopicPage, django_capture_on_commit_callbacks: Capture
) -> None:
    first, second = page.computed["entries"][:2]
    with django_capture_on_commit_callbacks(execute=True):
        document_index(
            make_doc(
                "Renamed wage project",
                theme=["living-wages"],
                public_id=first["public_id"],
                country=["KE"],
            )
        )
        document_index(
            make_doc(
                "Now about water", theme=["water"], public_id=second["public_id"], country=["KE"]
            )
        )

    shown = titles(page)
    assert "Renamed wage project" in shown
    assert first["title"] not in shown and "Now about water" not in shown
    assert page.entry_count == 2


def test_a_withdrawn_entry_disappears_from_the_page_and_its_search_document(
    page: TopicPage, django_capture_on_commit_callbacks: Capture
) -> None:
    gone = page.computed["entries"][0]
    assert search(f'"{gone["title"]}"', filters={"kind": ["topic"]}).total == 1

    with django_capture_on_commit_callbacks(execute=True):
        document_remove(kind="initiative", public_id=gone["public_id"])

    assert gone["title"] not in titles(page)
    assert not page.entries.filter(entry_id=gone["public_id"]).exists()
    assert search(f'"{gone["title"]}"', filters={"kind": ["topic"]}).total == 0


def test_recomputing_never_overwrites_what_the_secretariat_wrote(
    page: TopicPage, django_capture_on_commit_callbacks: Capture
) -> None:
    stale = TopicPage.objects.get(pk=page.pk)  # loaded before the edit below
    TopicPage.objects.filter(pk=page.pk).update(introduction="Edited meanwhile.")
    before = page.computed_at

    with django_capture_on_commit_callbacks(execute=True):
        index(make_doc("Wage board of Kisumu", theme=["living-wages"], country=["KE"]))
    topics.topic_compute(stale)

    page.refresh_from_db()
    assert (page.title, page.introduction) == ("Paying enough to live on", "Edited meanwhile.")
    assert page.state == TopicPage.State.PUBLISHED
    assert [(t.language, t.title) for t in page.translations.all()] == [("fr", "Salaires vitaux")]
    assert page.computed_at is not None and before is not None and page.computed_at > before
    assert search("Edited meanwhile", filters={"kind": ["topic"]}).total == 1


def test_a_secretariat_edit_never_overwrites_the_computed_parts(
    page: TopicPage, secretariat: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    stale = TopicPage.objects.get(pk=page.pk)  # the edit form's copy, computed before
    with django_capture_on_commit_callbacks(execute=True):
        index(make_doc("Wage board of Nakuru", theme=["living-wages"], country=["KE"]))

    topics.topic_update(
        topic=stale, title="Living wages", introduction="New text.", language="en", by=secretariat
    )

    assert "Wage board of Nakuru" in titles(page)
    assert page.title == "Living wages"


def test_a_page_close_in_wording_takes_in_a_new_entry_using_its_words(
    taxonomy: None, django_capture_on_commit_callbacks: Capture
) -> None:
    set_threshold(4)
    with django_capture_on_commit_callbacks(execute=True):
        housing_entries()
    (topic,) = topics.topics_refresh().proposed

    with django_capture_on_commit_callbacks(execute=True):
        index(
            make_doc(
                "Students' housing cooperative",
                "students are tenants of their own cooperative; no landlords, low rents",
                country=["DE"],
            ),
            make_doc("Bees in cities", "urban beekeeping on roofs", country=["DE"]),
        )

    shown = titles(topic)
    assert "Students' housing cooperative" in shown and "Bees in cities" not in shown


def test_pages_set_aside_are_left_alone(
    taxonomy: None, secretariat: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    set_threshold(3)
    with django_capture_on_commit_callbacks(execute=True):
        wage_entries(3)
    (topic,) = topics.topics_refresh().proposed
    topics.topic_dismiss(topic=topic, by=secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        index(make_doc("Wage board of Eldoret", theme=["living-wages"], country=["KE"]))

    assert "Wage board of Eldoret" not in titles(topic)


def test_one_task_per_transaction_and_none_for_topic_pages_themselves(
    page: TopicPage, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[tuple[str, str]]] = []

    def follow(keys: list[tuple[str, str]]) -> list[TopicPage]:
        calls.append(list(keys))
        return []

    monkeypatch.setattr(topics, "topics_follow_entries", follow)
    docs = [make_doc(f"Wage {i}", theme=["living-wages"]) for i in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        index(*docs)
        document_index(dataclasses.replace(docs[0], title="Wage zero"))
        topics.topic_compute(page)  # re-indexes the page (kind "topic"): not followed

    assert calls == [sorted(("initiative", doc.public_id) for doc in docs)]


def test_the_search_index_tells_its_listeners_of_each_change(taxonomy: None) -> None:
    heard: list[tuple[str, str, bool]] = []
    register_index_listener("test", lambda kind, pid, removed: heard.append((kind, pid, removed)))
    try:
        doc = make_doc("Heard", theme=["living-wages"])
        index(doc)
        document_remove(kind="initiative", public_id=doc.public_id)
    finally:
        unregister_index_listener("test")

    assert heard == [("initiative", doc.public_id, False), ("initiative", doc.public_id, True)]
