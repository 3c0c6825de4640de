from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from ipsp.accounts import tokens
from ipsp.accounts.forms import CONTACT_EMAIL_CONSENT
from ipsp.accounts.models import AccessToken, User
from ipsp.accounts.tests.helpers import form_token


@pytest.fixture
def signed_in(client: Client, contributor_token: Any) -> Any:
    response = client.post(
        "/en/my/sign-in/",
        {"access_token": contributor_token.raw, "form_token": form_token("token_sign_in")},
    )
    assert response.status_code == 302
    return contributor_token


def _raw_on_page(html: str) -> str:
    return html.split('id="token-once-value"')[1].split('value="')[1].split('"')[0]


def test_my_account_shows_the_token_hint_never_the_token(client: Client, signed_in: Any) -> None:
    html = client.get("/en/my/account/").content.decode()
    assert signed_in.raw[-4:] in html
    assert signed_in.raw not in html


def test_rotating_shows_a_new_token_once_and_revokes_the_old_at_once(
    client: Client, signed_in: Any
) -> None:
    response = client.post("/en/my/account/token/rotate/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    new_raw = _raw_on_page(html)
    assert new_raw != signed_in.raw
    assert tokens.token_authenticate(signed_in.raw) is None
    assert tokens.token_authenticate(new_raw) == signed_in.token.user
    assert not AccessToken.objects.filter(token_hash__contains=new_raw).exists()
    assert "You gave no contact email" in html


def test_rotating_emails_the_new_token_to_a_contributor_with_an_address(
    client: Client, signed_in: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    user = signed_in.token.user
    user.contact_email = "nadia@example.org"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post("/en/my/account/token/rotate/").content.decode()
    new_raw = _raw_on_page(html)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"]
    assert new_raw in mail.outbox[0].body
    assert "We also sent it to your contact email address." in html


def test_revoking_signs_out_and_the_token_no_longer_works(client: Client, signed_in: Any) -> None:
    response = client.post("/en/my/account/token/revoke/", {"confirm": "on"})
    assert response.status_code == 302
    assert response.cookies["ipsp_session"]["max-age"] == 0
    assert client.get("/en/my/").status_code == 302
    assert tokens.token_authenticate(signed_in.raw) is None


def test_revoking_needs_the_confirmation_box(client: Client, signed_in: Any) -> None:
    response = client.post("/en/my/account/token/revoke/", {})
    assert response.status_code == 400
    assert "Tick this box to confirm." in response.content.decode()
    assert tokens.token_authenticate(signed_in.raw) is not None


def test_setting_a_contact_email_stores_the_exact_consent_text_and_time(
    client: Client, signed_in: Any
) -> None:
    response = client.post("/en/my/account/email/", {"email": "Nadia@Example.org", "consent": "on"})
    assert response.status_code == 302
    user = User.objects.get(pk=signed_in.token.user.pk)
    assert user.contact_email == "Nadia@example.org"
    assert user.contact_email_consent_text == str(CONTACT_EMAIL_CONSENT)
    assert user.contact_email_consent_at is not None


def test_consent_is_stored_in_the_language_it_was_given_in(client: Client, signed_in: Any) -> None:
    client.post("/fr/my/account/email/", {"email": "nadia@example.org", "consent": "on"})
    user = User.objects.get(pk=signed_in.token.user.pk)
    assert user.contact_email_consent_text.startswith("J’accepte")  # noqa: RUF001 (French typography)


def test_an_email_without_consent_is_refused_at_the_consent_box_and_nothing_is_stored(
    client: Client, signed_in: Any
) -> None:
    response = client.post("/en/my/account/email/", {"email": "nadia@example.org"})
    assert response.status_code == 400
    assert "Tick this box to keep the address, or leave the address empty." in (
        response.content.decode()
    )
    assert User.objects.get(pk=signed_in.token.user.pk).contact_email == ""


def test_a_malformed_email_is_refused_at_the_field(client: Client, signed_in: Any) -> None:
    response = client.post("/en/my/account/email/", {"email": "nadia@", "consent": "on"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_an_empty_address_removes_the_email_and_its_consent(client: Client, signed_in: Any) -> None:
    client.post("/en/my/account/email/", {"email": "nadia@example.org", "consent": "on"})
    client.post("/en/my/account/email/", {"email": ""})
    user = User.objects.get(pk=signed_in.token.user.pk)
    assert (user.contact_email, user.contact_email_consent_text) == ("", "")
    assert user.contact_email_consent_at is None


def test_preferred_language_is_saved(client: Client, signed_in: Any) -> None:
    assert client.post("/en/my/account/language/", {"language": "sw"}).status_code == 302
    assert User.objects.get(pk=signed_in.token.user.pk).language == "sw"


def test_an_unknown_language_is_refused_at_the_field(client: Client, signed_in: Any) -> None:
    response = client.post("/en/my/account/language/", {"language": "xx"})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert User.objects.get(pk=signed_in.token.user.pk).language == "en"


def test_account_forms_need_the_session_csrf_token(contributor_token: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.post(
        "/en/my/sign-in/",
        {"access_token": contributor_token.raw, "form_token": form_token("token_sign_in")},
    )
    assert strict.post("/en/my/account/token/rotate/").status_code == 403
    assert tokens.token_authenticate(contributor_token.raw) is not None
