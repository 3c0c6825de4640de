"""A visitor who registers with "Save and preview" first sees the access token (shown
only once), with the preview one click away."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.test_registration_form import FULL, full_data

pytestmark = pytest.mark.django_db


def test_save_and_preview_shows_the_token_then_links_to_the_preview(
    client: Client, terms: dict
) -> None:
    response = client.post(FULL, full_data(terms, preview="1"))

    html = response.content.decode()
    initiative = Initiative.objects.get()
    assert 'id="token-once-value"' in html
    assert f'href="/en/initiatives/{initiative.public_id}/preview/">Preview</a>' in html
    preview = client.get(f"/en/initiatives/{initiative.public_id}/preview/")
    assert preview.status_code == 200
    assert "Solar water kiosks" in preview.content.decode()


def test_save_as_draft_shows_no_preview_link(client: Client, terms: dict) -> None:
    response = client.post(FULL, full_data(terms, save="1"))

    initiative = Initiative.objects.get()
    assert f"/initiatives/{initiative.public_id}/preview/" not in response.content.decode()


def test_the_preview_link_is_in_the_visitors_language(client: Client, terms: dict) -> None:
    response = client.post("/ar/initiatives/new/full/", full_data(terms, preview="1"))

    initiative = Initiative.objects.get()
    assert f'href="/ar/initiatives/{initiative.public_id}/preview/">معاينة</a>' in (
        response.content.decode()
    )
