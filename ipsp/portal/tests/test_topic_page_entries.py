"""A topic page links every entry to its own page and says what sets each apart."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ipsp.portal import topics
from ipsp.portal.tests.topic_helpers import set_threshold, wage_entries

pytestmark = pytest.mark.django_db


def test_each_entry_links_to_its_own_page_with_its_own_terms(
    client: Client, taxonomy: None, secretariat: Any
) -> None:
    set_threshold(3)
    docs = wage_entries(5)
    (topic,) = topics.topics_refresh().proposed
    topic.introduction = "Paying enough to live on."
    topic.save()
    topics.topic_publish(topic=topic, by=secretariat)

    page = client.get(f"/fr/topics/{topic.public_id}/{topic.slug}/").content.decode()

    for doc in docs:
        assert f'href="/fr/initiatives/{doc.public_id}/"' in page
    assert page.count("Aussi : ") == 5  # worded in the page's language
