"""The topic job also groups entries that share no terms but are close in wording, and
each page says what made its group."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from ipsp.portal import topic_text, topics
from ipsp.portal.models import PortalSettings
from ipsp.portal.tests.topic_helpers import set_threshold, wage_entries
from ipsp.search.documents import SearchDocument
from ipsp.search.queries import search
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db

UNRELATED = [
    ("Solar lamps for night schools", "photovoltaic lamps light evening lessons in villages"),
    ("Mangrove replanting", "fishermen restore mangroves along the eroded coastline"),
    ("School meals", "children receive nutritious lunches cooked by parents"),
    ("Microcredit for weavers", "small loans help weavers buy looms and yarn"),
    ("Clinic on wheels", "a mobile clinic vaccinates nomadic herders and their families"),
    ("Libraries in buses", "buses carry books to remote hamlets every week"),
]
HOUSING = [
    (
        "Tenant cooperative in Lyon",
        "tenants formed a housing cooperative; rents are set by the tenants' assembly"
        " and landlords no longer evict families",
        "FR",
    ),
    (
        "Collective purchase of a building",
        "thirty tenants bought their building together as a cooperative, rents fell"
        " and no landlords decide any more",
        "BR",
    ),
    (
        "Rent strike turned cooperative",
        "after a rent strike the tenants created a cooperative that manages the"
        " flats; landlords sold to it",
        "ZA",
    ),
    (
        "Community land trust",
        "a trust keeps land off the market; tenants hold a cooperative lease"
        " and rents stay low, landlords are out",
        "US",
    ),
]


def housing_entries() -> list[SearchDocument]:
    return index(
        *[make_doc(title, text, country=[country]) for title, text, country in HOUSING],
        *[make_doc(title, text, country=["KE"]) for title, text in UNRELATED],
    )


def test_entries_sharing_no_terms_but_close_in_wording_are_proposed_as_a_group(
    taxonomy: None,
) -> None:
    set_threshold(4)
    housing_entries()

    report = topics.topics_refresh()

    (topic,) = report.proposed
    assert topic.words and {"tenants", "cooperative"} <= set(topic.words)
    assert topic.signature.startswith("text:")
    members = {entry["title"] for entry in topic.computed["entries"]}
    assert members == {title for title, _text, _country in HOUSING}
    assert topic.entry_count == 4


def test_entries_with_nothing_in_common_are_not_grouped(taxonomy: None) -> None:
    set_threshold(2)
    countries = ["FR", "BR", "ZA", "US", "DE", "JP"]
    index(
        *[
            make_doc(title, text, country=[country])
            for (title, text), country in zip(UNRELATED, countries, strict=True)
        ]
    )

    assert topics.topics_refresh().proposed == []


def test_a_lower_closeness_threshold_groups_more_loosely(taxonomy: None) -> None:
    set_threshold(4)
    housing_entries()
    setting = PortalSettings.current()
    setting.topic_text_similarity = 95
    setting.save()

    assert topics.topics_refresh().proposed == []  # nothing is that close


def test_a_page_close_in_wording_says_which_words_made_the_group(
    taxonomy: None, secretariat_client: Client
) -> None:
    set_threshold(4)
    housing_entries()
    (topic,) = topics.topics_refresh().proposed

    with translation.override("en"):
        view = topics.topic_view(topic)
    page = secretariat_client.get(f"/en/staff/topics/{topic.public_id}/").content.decode()

    assert view.basis_words == topic.words and view.basis_terms == []
    assert "Grouped because they are close in wording: “" in page
    assert "tenants" in page.split("close in wording")[1].split("</p>")[0]


def test_a_page_of_shared_terms_says_which_terms(
    taxonomy: None, secretariat_client: Client
) -> None:
    set_threshold(3)
    wage_entries(3)
    (topic,) = topics.topics_refresh().proposed

    page = secretariat_client.get(f"/en/staff/topics/{topic.public_id}/").content.decode()

    assert "Grouped because they share the terms Living wages." in page


def test_a_group_already_covered_by_a_page_of_shared_terms_is_not_proposed_again(
    taxonomy: None,
) -> None:
    set_threshold(4)
    index(
        *[
            make_doc(title, text, country=[country], theme=["living-wages"])
            for title, text, country in HOUSING
        ],
        *[make_doc(title, text, country=["KE"]) for title, text in UNRELATED],
    )

    report = topics.topics_refresh()

    assert [topic.signature for topic in report.proposed] == ["theme:living-wages"]


def test_each_entry_of_a_group_keeps_its_own_words(taxonomy: None) -> None:
    set_threshold(4)
    housing_entries()
    (topic,) = topics.topics_refresh().proposed

    words = {entry["title"]: entry["words"] for entry in topic.computed["entries"]}

    assert "lyon" in words["Tenant cooperative in Lyon"]
    assert not set(words["Tenant cooperative in Lyon"]) & set(topic.words)


def test_words_of_every_script_are_read_as_the_index_reads_them() -> None:
    assert list(topic_text.tokens("Coopératives de LOCATAIRES, 2024")) == [
        "coopératives",
        "locataires",
    ]
    assert "हिन्दी" in list(topic_text.tokens("हिन्दी भाषा"))  # vowel signs kept in the word
    assert list(topic_text.tokens("社会进步")) == ["社会", "会进", "进步"]


def test_a_published_page_close_in_wording_is_found_by_its_key_words(
    taxonomy: None, secretariat: Any
) -> None:
    set_threshold(4)
    housing_entries()
    (topic,) = topics.topics_refresh().proposed
    topic.introduction = "Housing run by those who live in it."
    topic.save()
    topics.topic_publish(topic=topic, by=secretariat)

    hits = search("landlords", filters={"kind": ["topic"]}).hits

    assert [hit.public_id for hit in hits] == [topic.public_id]
