"""The language switcher's links: this same page in each language (the address with its
language prefix swapped, query string kept), or that language's home for a missing page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import translate_url

from ipsp.core import publicid

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def links_of(client: Client, path: str) -> dict[str, str]:
    response = client.get(path)
    return {link["code"]: link["url"] for link in response.context["language_links"]}


def resolved_one_by_one(path: str, current: str) -> dict[str, str]:
    """What the switcher gave when it resolved the address again for every language."""
    links = {}
    for code in LANGUAGE_CODES:
        url = translate_url(path, code)
        links[code] = f"/{code}/" if code != current and url == path else url
    return links


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/en/about/",
        "/ar/privacy/",
        "/fr/taxonomy/",
        "/es/search/?q=caf%C3%A9+bio&sort=new&page=2",
        "/zh-hans/taxonomy/sdg/sdg-6/?shown=all",  # a slug and a code (a missing term: 404)
        "/fr/no-such-page/?q=1",  # not a page at all
    ],
)
def test_each_language_links_to_the_same_page(client: Client, taxonomy: None, path: str) -> None:
    current = path.split("/")[1]
    assert links_of(client, path) == resolved_one_by_one(path, current)


@pytest.mark.django_db
def test_the_query_string_and_the_slug_stay(client: Client, taxonomy: None) -> None:
    links = links_of(client, "/fr/search/?q=eau&page=2")
    assert links["ar"] == "/ar/search/?q=eau&page=2"
    assert links["zh-hans"] == "/zh-hans/search/?q=eau&page=2"
    links = links_of(client, "/fr/taxonomy/sdg/sdg-6/")
    assert links["en"] == "/en/taxonomy/sdg/sdg-6/"


@pytest.mark.django_db
def test_a_public_id_typed_loosely_is_linked_as_written_by_the_converter(client: Client) -> None:
    public_id = publicid.generate()
    loose = public_id.lower()
    links = links_of(client, f"/en/initiatives/{loose}/")  # a 404: no such initiative
    expected = resolved_one_by_one(f"/en/initiatives/{loose}/", "en")
    assert links == expected
    assert links["fr"] == f"/fr/initiatives/{publicid.normalise(loose)}/"
