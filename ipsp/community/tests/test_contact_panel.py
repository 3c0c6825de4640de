"""The contact block of entry pages: visitors are sent to the token sign-in (no form, no
cookie); contributors get the way to write, holders a note, entries nobody can receive
messages for a clear note."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client, RequestFactory

from ipsp.community.setup import contact_panel
from ipsp.community.tests.conftest import Person, make_person, signed_in
from ipsp.core.panels import PanelEntry

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_how_to_sign_in_and_no_form_or_cookie(organisation: Any) -> None:
    client = Client()
    response = client.get(f"/en/actors/{organisation.public_id}/")
    body = response.content.decode()
    assert "Contact this organisation" in body
    compose = f"/en/messages/write/actor/{organisation.public_id}/"
    assert f'href="/en/my/sign-in/?next={quote(compose, safe="")}"' in body
    assert "Sign in with your access token to write" in body
    assert 'name="body"' not in body and "csrfmiddlewaretoken" not in body
    assert response.cookies == {} and client.cookies == {}


def test_the_sign_in_link_brings_the_contributor_back_to_the_form(
    a: Person, organisation: Any
) -> None:
    from ipsp.core import formtokens

    client = Client()
    compose = f"/en/messages/write/actor/{organisation.public_id}/"
    response = client.post(
        f"/en/my/sign-in/?next={quote(compose)}",
        {"form_token": formtokens.issue("token_sign_in"), "access_token": a.token},
    )
    assert response.status_code == 302 and response["Location"] == compose
    assert 'name="subject"' in client.get(compose).content.decode()


def test_a_signed_in_contributor_sees_the_way_to_write(a: Person, organisation: Any) -> None:
    body = signed_in(a.user).get(f"/en/actors/{organisation.public_id}/").content.decode()
    assert f'href="/en/messages/write/actor/{organisation.public_id}/"' in body
    assert "Write to this organisation" in body


def test_an_initiatives_page_offers_to_contact_its_holders(a: Person, initiative: Any) -> None:
    body = signed_in(a.user).get(f"/en/initiatives/{initiative.public_id}/").content.decode()
    assert "Contact the project holders" in body
    assert f'href="/en/messages/write/initiative/{initiative.public_id}/"' in body


def test_the_holder_sees_a_note_not_a_button(b: Person, organisation: Any) -> None:
    body = signed_in(b.user).get(f"/en/actors/{organisation.public_id}/").content.decode()
    assert "This is your own entry." in body
    assert "/en/messages/write/" not in body


def test_an_entry_whose_holder_gave_no_address_shows_a_clear_note(
    a: Person, actor_terms: dict[str, Any]
) -> None:
    from ipsp.actors.tests.conftest import make_actor

    silent = make_person("")
    actor = make_actor(silent.user, actor_terms, state="published", name="Quiet Collective")
    for client in (Client(), signed_in(a.user)):
        body = client.get(f"/en/actors/{actor.public_id}/").content.decode()
        assert "This entry cannot receive messages yet" in body
        assert "/en/messages/write/" not in body
    response = signed_in(a.user).get(f"/en/messages/write/actor/{actor.public_id}/")
    assert "Nobody can receive messages for this entry yet." in response.content.decode()


def test_unpublished_entries_have_no_contact_panel(
    a: Person, b: Person, actor_terms: dict[str, Any]
) -> None:
    from ipsp.actors.tests.conftest import make_actor

    draft = make_actor(b.user, actor_terms, state="submitted", name="Draft Collective")
    request = RequestFactory().get("/")
    request.user = a.user
    from ipsp.actors.queries import panel_entry
    from ipsp.core.panels import entry_panels

    assert contact_panel(request, panel_entry(draft)) is None
    assert "contact" not in [p.key for p in entry_panels(request, panel_entry(draft))["actions"]]
    question = PanelEntry("question", draft.public_id, draft.pk, "A question", published=True)
    assert "contact" not in [p.key for p in entry_panels(request, question)["actions"]]
