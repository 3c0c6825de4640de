# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""A visitor registers an organisation with the seed's simple form: no cookie until the
token sign-in, a clear message at the field for each bad input, nothing half-stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ipsp.actors.models import Actor
from ipsp.actors.tests.conftest import image_bytes
from ipsp.actors.tests.helpers import form_data
from ipsp.verification.models import QueueItem

pytestmark = pytest.mark.django_db

NEW = "/en/actors/new/"


def test_the_form_page_sets_no_cookie(client: Client, terms: dict) -> None:
    response = client.get(NEW)
    assert response.status_code == 200
    assert "Register an organisation" in response.content.decode()
    assert not response.cookies


def test_a_visitor_saves_a_draft_gets_a_token_once_and_is_signed_in(
    client: Client, terms: dict
) -> None:
    response = client.post(NEW, form_data(**{"save": "1"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ipsp-" in page  # the access token, shown once
    actor = Actor.objects.get()
    assert actor.state == Actor.State.DRAFT
    assert actor.owner is not None and actor.acronym == "MSC"
    assert [p.name for p in actor.places.all()] == ["Nairobi"]
    assert actor.links.get().url == "https://example.org/msc"
    assert {t.code for t in actor.terms.all()} == {"civil-society", "living-wages", "KE"}
    assert actor.founding_year == 2016 and actor.open_to_collaboration is True
    assert response.cookies.get(settings.SESSION_COOKIE_NAME)  # signed in by the token


def test_submitting_runs_level_1_and_puts_the_actor_in_the_secretariats_queue(
    client: Client, terms: dict
) -> None:
    client.post(NEW, form_data(submit="1"))
    actor = Actor.objects.get()
    assert actor.state == Actor.State.IN_VALIDATION
    assert QueueItem.objects.filter(kind="actor", entry_public_id=actor.public_id).exists()


def test_the_secretariat_publishes_from_the_validation_queue(
    client: Client, terms: dict, secretariat: Any
) -> None:
    from ipsp.verification.services import kind_handlers

    client.post(NEW, form_data(submit="1"))
    actor = Actor.objects.get()
    review = kind_handlers("actor").review(actor.public_id)
    assert review.title == "Maji Safi Collective" and "Kiosks run by" in review.body_html
    kind_handlers("actor").publish(actor.public_id, secretariat, "Welcome")
    actor.refresh_from_db()
    assert actor.state == Actor.State.PUBLISHED


def test_a_replayed_submission_creates_no_second_actor(client: Client, terms: dict) -> None:
    data = form_data(save="1")
    client.post(NEW, data)
    Client().post(NEW, data)
    assert Actor.objects.count() == 1


BAD_INPUT = [
    ({"name": ""}, "name", "This field is required."),
    ({"name": "x" * 201}, "name", "at most 200 characters"),
    ({"founding_year": "soon"}, "founding_year", "Give the year as a number, like 2015."),
    ({"founding_year": "3000"}, "founding_year", "The founding year cannot be in the future."),
    ({"founding_year": "1200"}, "founding_year", "Give a year after 1800."),
    ({"acronym": "A" * 31}, "acronym", "at most 30 characters"),
    ({"other_names": "\n".join(f"Name {i}" for i in range(11))}, "other_names", "at most 10"),
    ({"themes": ["no-such-theme"]}, "themes", ""),
    ({"staff_size": "a million"}, "staff_size", "Select a valid choice"),
    ({"links-0-url": "javascript:alert(1)"}, "links-0-url", "Enter a full web address"),
    ({"links-0-title": ""}, "links-0-title", "Give this link a title"),
    ({"places-0-name": "Atlantisville"}, "places-0-name", "We could not find"),
    ({"places-0-country": ""}, "places-0-country", "Choose the country of this place."),
    ({"contact_email": "not-an-address"}, "contact_email", "Enter a valid email address"),
    ({"contact_email": "a@example.org"}, "contact_consent", "Please tick the box"),
    ({"problems": "x" * 6001}, "problems", "at most 6000 characters"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_at_its_field_and_nothing_is_stored(
    client: Client, terms: dict, change: dict, field: str, message: str
) -> None:
    response = client.post(NEW, form_data(save="1", **change))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert message in page
    assert Actor.objects.count() == 0
    assert not response.cookies


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"not an image at all"), "not an image we can read"),
        (
            SimpleUploadedFile("logo.png", image_bytes("PNG", size=(200, 200))[:300]),
            "damaged",
        ),
        (SimpleUploadedFile("logo.bmp", image_bytes("BMP")), "PNG, JPEG, WebP or GIF"),
        (SimpleUploadedFile("logo.png", b"0" * (2 * 1024 * 1024 + 1)), "too large"),
    ],
)
def test_a_bad_logo_is_refused_with_a_clear_message(
    client: Client, terms: dict, upload: Any, message: str
) -> None:
    response = client.post(NEW, {**form_data(save="1"), "logo": upload})
    assert response.status_code == 400
    assert 'id="id_logo_error"' in response.content.decode()
    assert message in response.content.decode()
    assert Actor.objects.count() == 0


def test_a_good_logo_is_stored_re_encoded(client: Client, terms: dict) -> None:
    upload = SimpleUploadedFile("logo.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    client.post(NEW, {**form_data(save="1"), "logo": upload})
    actor = Actor.objects.get()
    assert actor.logo.name.endswith(".webp")


def test_a_robot_filling_the_honeypot_is_refused(client: Client, terms: dict) -> None:
    from ipsp.actors.tests.helpers import verification_fields

    data = {**form_data(submit="1"), **verification_fields(honeypot="http://spam.example")}
    client.post(NEW, data)
    actor = Actor.objects.first()
    assert actor is None or actor.state != Actor.State.IN_VALIDATION


def test_the_errors_are_in_the_visitors_language(client: Client, terms: dict) -> None:
    response = client.post("/fr/actors/new/", form_data(save="1", founding_year="soon"))
    assert response.status_code == 400
    assert "Give the year as a number" not in response.content.decode()
