"""Visitors read the taxonomy: an index and one page per term, in their language."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_vocabulary_and_its_terms(client: Client, taxonomy: None) -> None:
    response = client.get("/en/taxonomy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Themes and classifications</h1>" in html
    for name in ["Agenda components", "Transversal themes", "Sustainable Development Goals"]:
        assert name in html
    assert 'href="/en/taxonomy/theme/living-wages/"' in html
    assert not response.cookies


def test_a_theme_page_shows_its_label_description_and_component(
    client: Client, taxonomy: None
) -> None:
    response = client.get("/en/taxonomy/theme/living-wages/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Living wages</h1>" in html
    assert "guarantee living wages to all workers" in html
    assert 'href="/en/taxonomy/agenda/economy/">Reforming the economic system</a>' in html


def test_a_component_page_lists_its_themes(client: Client, taxonomy: None) -> None:
    html = client.get("/en/taxonomy/agenda/nature/").content.decode()
    assert "Getting out of the extractive paradigm" in html
    assert "Ecological rule of law" in html


def test_a_region_page_lists_its_countries_in_the_reader_s_language(
    client: Client, taxonomy: None
) -> None:
    response = client.get("/fr/taxonomy/region/014/")
    html = response.content.decode()
    assert "<h1>Afrique de l&#x27;Est</h1>" in html
    assert 'href="/fr/taxonomy/country/KE/">Kenya</a>' in html
    assert "Afrique subsaharienne" in html  # its parent, in the breadcrumb


def test_a_term_page_in_arabic_shows_the_arabic_label(client: Client, taxonomy: None) -> None:
    html = client.get("/ar/taxonomy/sdg/5/").content.decode()
    assert "المساواة بين الجنسين" in html


def test_an_unknown_code_or_vocabulary_is_not_found(client: Client, taxonomy: None) -> None:
    assert client.get("/en/taxonomy/sdg/18/").status_code == 404
    assert client.get("/en/taxonomy/colours/red/").status_code == 404


def test_a_retired_term_keeps_its_page_with_a_notice(
    client: Client, taxonomy: None, secretariat: object
) -> None:
    from ipsp.taxonomy import services
    from ipsp.taxonomy.models import Term

    term = Term.objects.get(vocabulary__code="audience", code="media")
    services.term_retire(term=term, by=secretariat)  # type: ignore[arg-type]

    html = client.get("/en/taxonomy/audience/media/").content.decode()
    assert "This term is no longer used for new entries." in html


def test_the_sitemap_lists_term_pages_in_every_language(client: Client, taxonomy: None) -> None:
    xml = client.get("/sitemap-taxonomy.xml").content.decode()
    assert "/en/taxonomy/theme/living-wages/</loc>" in xml
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/taxonomy/theme/living-wages/"' in xml


def test_an_untranslated_description_is_marked_as_english(client: Client, taxonomy: None) -> None:
    html = client.get("/ar/taxonomy/theme/living-wages/").content.decode()
    assert '<p class="lead" lang="en" dir="ltr">How public policies' in html
    english = client.get("/en/taxonomy/theme/living-wages/").content.decode()
    assert '<p class="lead">How public policies' in english
