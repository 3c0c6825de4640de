"""The map's data: GeoJSON of the places of a search's results, and counts per country."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ipsp.accounts.models import User
from ipsp.initiatives import services
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import full_content, make_contributor
from ipsp.initiatives.tests.public_helpers import make_terms, publisher
from ipsp.search import map as search_map
from ipsp.search.documents import SearchDocument
from ipsp.search.filters import SearchParams
from ipsp.search.models import SearchPoint
from ipsp.search.services import document_remove, index_rebuild
from ipsp.search.tests.factories import index, make_doc
from ipsp.taxonomy.models import Term

pytestmark = pytest.mark.django_db

Place = services.PlaceInput


def geojson(client: Client, query: str = "", language: str = "en") -> dict[str, Any]:
    response = client.get(f"/{language}/search/map.geojson?{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def placed(doc: SearchDocument, *points: tuple[float, float, str]) -> SearchDocument:
    return dataclasses.replace(doc, points=points)


def by_id(collection: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for feature in collection["features"]:
        found.setdefault(feature["properties"]["public_id"], []).append(feature)
    return found


def publish(user: User, known: dict[str, list[Term]], **overrides: Any) -> Initiative:
    initiative = services.initiative_create_draft(
        contributor=user,
        content=full_content(known, **overrides),
        contact=services.ContactInput(
            email="private-contact@example.org", consent_text="You may contact me."
        ),
    )
    initiative = services.initiative_submit(initiative=initiative, by=user)
    return services.initiative_publish(initiative=initiative, by=publisher())


@pytest.fixture
def places(taxonomy: None) -> None:
    index(
        placed(
            make_doc(
                "Water kiosks in Nairobi",
                "Clean water sold at cost.",
                public_id="WATER0001",
                theme=["living-wages"],
                country=["KE", "UG"],
            ),
            (-1.28, 36.8, "KE"),
            (0.35, 32.58, "UG"),
        ),
        placed(
            make_doc(
                "Rainwater cisterns",
                "Schools collect rain water.",
                public_id="WATER0002",
                theme=["cities-social-progress"],
                country=["BD"],
            ),
            (23.81, 90.41, "BD"),
        ),
        placed(
            make_doc(
                "Cooperative bakeries",
                "Bread baked by a workers' cooperative.",
                public_id="BREAD0003",
                theme=["living-wages"],
                country=["BR"],
            ),
            (-23.55, -46.63, "BR"),
        ),
        make_doc("A network without a place", "Online only.", public_id="ONLINE004"),
    )


def test_the_geojson_is_a_feature_collection_with_one_point_per_place(
    client: Client, places: None
) -> None:
    collection = geojson(client)

    assert collection["type"] == "FeatureCollection"
    assert collection["truncated"] is False
    assert collection["entries"] == 3
    assert collection["points"] == 4
    features = by_id(collection)
    assert sorted(features) == ["BREAD0003", "WATER0001", "WATER0002"]
    kiosk = {f["properties"]["country"]: f for f in features["WATER0001"]}
    assert kiosk["KE"]["geometry"] == {"type": "Point", "coordinates": [36.8, -1.28]}
    assert kiosk["UG"]["geometry"]["coordinates"] == [32.58, 0.35]
    assert kiosk["KE"]["properties"] == {
        "public_id": "WATER0001",
        "kind": "initiative",
        "title": "Water kiosks in Nairobi",
        "url": "/en/initiatives/WATER0001/",
        "country": "KE",
    }


def test_links_follow_the_language_of_the_request(client: Client, places: None) -> None:
    feature = by_id(geojson(client, language="fr"))["WATER0002"][0]
    assert feature["properties"]["url"] == "/fr/initiatives/WATER0002/"


def test_the_search_page_filters_apply_to_the_map(client: Client, places: None) -> None:
    assert sorted(by_id(geojson(client, "country=KE"))) == ["WATER0001"]
    assert sorted(by_id(geojson(client, "theme=living-wages"))) == ["BREAD0003", "WATER0001"]
    assert sorted(by_id(geojson(client, "q=water"))) == ["WATER0001", "WATER0002"]
    assert sorted(by_id(geojson(client, "q=water&theme=living-wages"))) == ["WATER0001"]
    assert sorted(by_id(geojson(client, "country=BD&country=BR"))) == ["BREAD0003", "WATER0002"]
    # a known code that no entry carries narrows the map to nothing, as it does the list
    assert geojson(client, "country=JP")["features"] == []


def test_unknown_filter_codes_are_left_out_with_a_notice(client: Client, places: None) -> None:
    collection = geojson(client, "country=KE&theme=no-such-theme")
    assert sorted(by_id(collection)) == ["WATER0001"]
    assert any("theme=no-such-theme" in notice for notice in collection["notices"])


def test_counts_per_country_are_labelled_in_the_visitors_language(
    client: Client, places: None
) -> None:
    collection = geojson(client, "view=countries", language="fr")

    counts = {f["id"]: f["properties"] for f in collection["features"]}
    assert counts["BR"] == {"country": "BR", "count": 1, "label": "Brésil"}
    assert set(counts) == {"KE", "UG", "BD", "BR"}
    assert all(f["geometry"] is None for f in collection["features"])
    assert collection["entries"] == 4  # the entry without a place matches too
    narrowed = geojson(client, "view=countries&theme=living-wages")
    assert {f["id"]: f["properties"]["count"] for f in narrowed["features"]} == {
        "KE": 1,
        "UG": 1,
        "BR": 1,
    }


def test_answers_may_be_cached_briefly_and_set_no_cookie(client: Client, places: None) -> None:
    response = client.get("/en/search/map.geojson?country=KE")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert not response.cookies
    assert not client.get("/en/search/map.geojson?view=countries").cookies


def test_a_query_with_nothing_to_look_for_gets_a_clear_error_not_a_server_error(
    client: Client, places: None
) -> None:
    response = client.get("/fr/search/map.geojson?q=%22%22+-")
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["features"] == []
    assert "rien" in body["error"].lower() or "mot" in body["error"].lower()

    response = client.get("/en/search/map.geojson?view=heatmap")
    assert response.status_code == 400
    assert "countries" in json.loads(response.content)["error"]


def test_a_map_with_more_places_than_the_limit_says_it_is_truncated(
    client: Client, places: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_map, "MAP_POINT_LIMIT", 2)
    collection = geojson(client)
    assert collection["truncated"] is True
    assert collection["limit"] == 2
    assert len(collection["features"]) == 2
    assert collection["entries"] is None


def test_titles_with_quotes_and_scripts_stay_valid_json(client: Client, taxonomy: None) -> None:
    index(
        placed(
            make_doc('Les "cuisines" \\ solidaires </script> 社区食堂', public_id="QUOTE0001"),
            (48.85, 2.35, "FR"),
        )
    )
    feature = geojson(client)["features"][0]
    assert feature["properties"]["title"] == 'Les "cuisines" \\ solidaires </script> 社区食堂'


def test_the_index_keeps_the_places_in_step_with_the_entry(taxonomy: None) -> None:
    doc = make_doc("Kiosks", public_id="STEP00001", country=["KE"])
    index(placed(doc, (-1.28, 36.8, "KE")))
    # a place given without a country takes the entry's only country
    index(dataclasses.replace(doc, points=[(-0.1, 34.75), (-4.04, 39.67, "ke")]))
    assert sorted(SearchPoint.objects.values_list("latitude", "longitude", "country")) == [
        (-4.04, 39.67, "KE"),
        (-0.1, 34.75, "KE"),
    ]
    document_remove(kind="initiative", public_id="STEP00001")
    assert not SearchPoint.objects.exists()


def test_impossible_coordinates_are_not_stored(taxonomy: None) -> None:
    index(
        dataclasses.replace(
            make_doc("Nowhere", public_id="NOWHERE01"),
            points=[(91.0, 0.0), (0.0, 181.0), (float("nan"), 1.0), (10.0, 10.0, "not a code")],
        )
    )
    assert list(SearchPoint.objects.values_list("latitude", "longitude", "country")) == [
        (10.0, 10.0, "")
    ]


def test_published_initiatives_are_on_the_map_and_nothing_else_is(
    client: Client, taxonomy: None
) -> None:
    known = make_terms()
    author = make_contributor().user
    shown = publish(
        author,
        known,
        title="Kiosks of Nairobi and Kampala",
        places=[
            Place(name="Nairobi", country_code="KE", latitude=-1.28, longitude=36.8),
            Place(name="Kampala", country_code="UG", latitude=0.35, longitude=32.58),
        ],
    )
    withdrawn = publish(author, known, title="A withdrawn initiative")
    services.initiative_withdraw(initiative=withdrawn, by=author, reason="The project ended.")
    draft = services.initiative_create_draft(
        contributor=author, content=full_content(known, title="A draft")
    )
    submitted = services.initiative_submit(
        initiative=services.initiative_create_draft(
            contributor=author, content=full_content(known, title="Waiting for a decision")
        ),
        by=author,
    )

    response = client.get("/en/search/map.geojson")
    collection = json.loads(response.content)
    features = by_id(collection)
    assert sorted(features) == [shown.public_id]
    assert {f["properties"]["country"] for f in features[shown.public_id]} == {"KE", "UG"}
    for hidden in (withdrawn, draft, submitted):
        assert hidden.public_id not in response.content.decode()
    assert b"private-contact@example.org" not in response.content
    countries = geojson(client, "view=countries")
    assert {f["id"] for f in countries["features"]} >= {"KE", "UG"}


def test_a_rebuild_of_the_index_writes_the_places_again(client: Client, taxonomy: None) -> None:
    known = make_terms()
    shown = publish(make_contributor().user, known)
    SearchPoint.objects.all().delete()

    index_rebuild(kinds=["initiative"])

    assert [f["properties"]["public_id"] for f in geojson(client)["features"]] == [shown.public_id]


def make_many(count: int) -> None:
    index(
        *(
            placed(
                make_doc(f"Entry {number}", public_id=f"MANY{number:05d}", country=["KE"]),
                (-1.0 - number / 100, 36.0, "KE"),
                (0.3, 32.5, "UG"),
            )
            for number in range(count)
        )
    )


@pytest.mark.parametrize(
    "query", ["", "view=countries", "q=entry&country=KE", "q=entry&view=countries"]
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_results(
    client: Client, taxonomy: None, query: str
) -> None:
    make_many(3)
    with CaptureQueriesContext(connection) as few:
        geojson(client, query)
    make_many(40)
    with CaptureQueriesContext(connection) as many:
        collection = geojson(client, query)
    assert len(many) == len(few)
    if "view" not in query:
        assert len(collection["features"]) == 80


def test_points_geojson_reads_a_parsed_search_state(taxonomy: None) -> None:
    make_many(2)
    body = json.loads(search_map.points_geojson(SearchParams(filters={"country": ("KE",)})))
    assert body["points"] == 4
