"""The rising actors page: published organisations ordered by a transparent score of
recency, small size, under-represented region and flags, each with its reasons;
filters by region and theme; pages; public data only."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ipsp.accounts.models import User
from ipsp.actors.models import Actor
from ipsp.actors.tests.conftest import term
from ipsp.reviews import facts, rising
from ipsp.reviews.tests.conftest import publish
from ipsp.reviews.tests.test_flag_services import add

THIS_YEAR = timezone.localdate().year


def old_and_big(terms: dict, name: str, **overrides: Any) -> Actor:
    values: dict[str, Any] = {"founding_year": 1950, "staff_size": "501+"}
    values.update(overrides)
    actor = publish(terms, name, **values)
    long_ago = timezone.now() - datetime.timedelta(days=3 * 365)
    Actor.objects.filter(pk=actor.pk).update(published_at=long_ago, last_published_at=long_ago)
    facts.facts_refresh(public_id=actor.public_id)  # the date was set past the services
    return actor


def names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/en/actors/[^/]+/" dir="auto">([^<]+)</a></h3>', html)


@pytest.fixture
def directory(terms: dict, reviewer: User, other_reviewer: User) -> dict[str, Actor]:
    """Three old, big Kenyan organisations and a new, small one from Kazakhstan."""
    found = {f"kenya{i}": old_and_big(terms, f"Kenyan Federation {i}") for i in range(3)}
    steppe = publish(
        terms,
        "Steppe Youth Lab",
        founding_year=THIS_YEAR - 1,
        staff_size="1-5",
        countries=[term("country", "KZ")],
        places=[],
        themes=[terms["cities"]],
    )
    add(steppe, reviewer, category="remote")
    add(steppe, other_reviewer, category="new")
    found["steppe"] = steppe
    return found


@pytest.mark.django_db
def test_the_new_small_remote_flagged_organisation_comes_first_with_its_reasons(
    client: Client, directory: dict[str, Actor]
) -> None:
    response = client.get("/en/actors/rising/")
    html = response.content.decode()
    assert response.status_code == 200
    assert names(html)[0] == "Steppe Youth Lab"
    first = html.split('<li class="rising-item">')[1]
    assert f"founded in {THIS_YEAR - 1}" in first
    assert "staff: 1 to 5" in first
    assert "the only organisation from Central Asia" in first
    assert "flagged by 2 reviewers" in first
    assert "in the directory since" in first
    # the old, big, well-represented ones score nothing
    for other in html.split('<li class="rising-item">')[2:]:
        assert "Score: 0 of 100" in other
    assert not response.cookies


@pytest.mark.django_db
def test_the_score_adds_the_weights_as_the_page_explains(directory: dict[str, Actor]) -> None:
    ranked = {item.facts.name: item for item in rising.rising_actors()}
    steppe = ranked["Steppe Youth Lab"]
    points = {reason.key: reason.points for reason in steppe.reasons}
    w = rising.WEIGHTS
    assert points["founded"] == pytest.approx(w["founded"] * (1 - 1 / rising.FOUNDED_YEARS))
    assert points["published"] == pytest.approx(w["published"], abs=0.1)
    assert points["small"] == w["small"]
    # 4 organisations in 2 sub-regions: 2 expected, Central Asia has 1 -> half the points
    assert points["region"] == pytest.approx(w["region"] / 2)
    assert points["flags"] == pytest.approx(w["flags"] * 2 / rising.FLAGS_FULL, abs=0.1)
    assert steppe.score == pytest.approx(sum(points.values()), abs=0.1)
    assert ranked["Kenyan Federation 0"].score == 0 and ranked["Kenyan Federation 0"].reasons == []
    assert sum(w.values()) == 100


@pytest.mark.django_db
def test_a_restricted_size_founding_year_or_place_neither_scores_nor_shows(
    client: Client, terms: dict
) -> None:
    old_and_big(terms, "Kenyan Federation 0")
    old_and_big(terms, "Kenyan Federation 1")
    private = publish(
        terms,
        "Quiet Cooperative",
        founding_year=THIS_YEAR,
        staff_size="1-5",
        volunteer_size="none",
        restricted_fields=["size", "founding_year", "places"],
        places=[rising_place("Almaty", "KZ")],
    )
    open_ = publish(
        terms, "Open Cooperative", founding_year=None, staff_size="", volunteer_size="", places=[]
    )
    ranked = {item.facts.name: item for item in rising.rising_actors()}
    assert ranked["Quiet Cooperative"].score == ranked["Open Cooperative"].score
    assert {r.key for r in ranked["Quiet Cooperative"].reasons} == {"published"}
    html = client.get("/en/actors/rising/").content.decode()
    listed = html.split('id="rising-list-title"')[1].split('id="rising-score-title"')[0]
    assert "Quiet Cooperative" in listed
    assert "founded in" not in listed and "no paid staff" not in listed
    assert "1 to 5" not in listed and "Central Asia" not in listed and "Almaty" not in html
    assert private.staff_size == "1-5" and open_.staff_size == ""


def rising_place(name: str, country: str) -> Any:
    from ipsp.actors.services import PlaceInput

    return PlaceInput(name, country, 43.2, 76.9, 1000)


@pytest.mark.django_db
def test_filters_by_region_and_theme(client: Client, directory: dict[str, Actor]) -> None:
    assert names(client.get("/en/actors/rising/?region=143").content.decode()) == [
        "Steppe Youth Lab"
    ]
    in_asia = names(client.get("/en/actors/rising/?region=142").content.decode())
    assert in_asia == ["Steppe Youth Lab"]
    in_africa = names(client.get("/en/actors/rising/?region=002").content.decode())
    assert sorted(in_africa) == [f"Kenyan Federation {i}" for i in range(3)]
    by_theme = names(client.get("/en/actors/rising/?theme=cities-social-progress").content.decode())
    assert by_theme == ["Steppe Youth Lab"]
    both = client.get("/en/actors/rising/?region=002&theme=cities-social-progress")
    assert names(both.content.decode()) == []
    assert "No published organisation matches these filters." in both.content.decode()


@pytest.mark.django_db
def test_an_unknown_filter_value_is_named_and_the_list_is_not_filtered(
    client: Client, directory: dict[str, Actor]
) -> None:
    response = client.get("/en/actors/rising/?region=mars")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the listed values." in html and 'aria-invalid="true"' in html
    assert len(names(html)) == 4


@pytest.mark.django_db
def test_the_list_is_paginated(
    client: Client, directory: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipsp.reviews import views

    monkeypatch.setattr(views, "RISING_PAGE_SIZE", 3)
    first = client.get("/en/actors/rising/").content.decode()
    second = client.get("/en/actors/rising/?page=2").content.decode()
    assert len(names(first)) == 3 and len(names(second)) == 1
    assert set(names(first)).isdisjoint(names(second))
    assert "Page 1 of 2" in first and 'rel="next"' in first
    monkeypatch.setattr(views, "RISING_PAGE_SIZE", 2)
    filtered = client.get("/en/actors/rising/?region=002&page=2").content.decode()
    assert "region=002&amp;page=1" in filtered


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_number_of_actors(
    client: Client, terms: dict, reviewer: User
) -> None:
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/actors/rising/").status_code == 200
        return len(captured)

    add(publish(terms, "First"), reviewer)
    publish(terms, "Second", countries=[term("country", "BR")], places=[])
    few = queries_for_page()
    for i in range(6):
        actor = publish(terms, f"More {i}", countries=[term("country", "KZ")], places=[])
        add(actor, reviewer)
    assert queries_for_page() == few
    assert len(names(client.get("/en/actors/rising/").content.decode())) == 8


@pytest.mark.django_db
def test_the_page_explains_the_weights(client: Client) -> None:
    html = client.get("/en/actors/rising/").content.decode()
    assert "How the score is made" in html
    assert f"Founded recently: up to {rising.WEIGHTS['founded']} points" in html
    assert f"Flagged by reviewers: up to {rising.WEIGHTS['flags']} points" in html


@pytest.mark.django_db
def test_the_rising_page_is_in_the_sitemap(client: Client) -> None:
    sitemap = client.get("/sitemap-reviews.xml").content.decode()
    assert "/en/actors/rising/" in sitemap and "/fr/actors/rising/" in sitemap


@pytest.mark.django_db
def test_reasons_are_in_the_readers_language(client: Client, directory: dict[str, Actor]) -> None:
    english = client.get("/en/actors/rising/").content.decode()
    assert "the only organisation from Central Asia" in english
    french = client.get("/fr/actors/rising/").content.decode()
    assert f"fondée en {THIS_YEAR - 1}" in french
    assert "Asie centrale" in french and "the only organisation" not in french
    assert "staff: 1 to 5" not in french


@pytest.mark.django_db
def test_an_organisation_in_two_sub_regions_scores_for_the_less_represented_one(
    client: Client, terms: dict
) -> None:
    for i in range(3):
        old_and_big(terms, f"Kenyan Federation {i}")
    old_and_big(terms, "Brazilian Network", countries=[term("country", "BR")], places=[])
    both = old_and_big(
        terms,
        "Two Countries Lab",
        countries=[term("country", "KE"), term("country", "KZ")],
        places=[],
    )
    ranked = {item.facts.name: item for item in rising.rising_actors()}
    # Eastern Africa has 4, South America 1, Central Asia 1: 2 expected per sub-region
    reasons = {r.key: r for r in ranked["Two Countries Lab"].reasons}
    assert reasons["region"].text == "the only organisation from Central Asia"
    assert reasons["region"].points == pytest.approx(rising.WEIGHTS["region"] / 2)
    assert ranked["Two Countries Lab"].score == pytest.approx(rising.WEIGHTS["region"] / 2)
    assert names(client.get("/en/actors/rising/").content.decode())[:2] == [
        "Two Countries Lab",
        "Brazilian Network",
    ]
    assert both.state == "published"
