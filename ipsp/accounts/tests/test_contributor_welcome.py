from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from ipsp.accounts import roles, services, tokens
from ipsp.accounts.shortcuts import token_once_context


@pytest.mark.django_db
def test_a_new_contributor_with_an_email_receives_the_token_in_their_language(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.contributor_welcome(
            language="es", contact_email="lucia@example.org", consent_text="Acepto."
        )
    user = issued.token.user
    assert roles.CONTRIBUTOR in services.user_roles(user)
    assert not user.has_usable_password()
    assert user.email is None
    assert user.contact_email_consent_text == "Acepto."
    assert mail.outbox[0].to == ["lucia@example.org"]
    assert mail.outbox[0].subject.startswith("Su token de acceso")
    assert issued.raw in mail.outbox[0].body


@pytest.mark.django_db
def test_a_new_contributor_without_email_gets_no_message(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.contributor_welcome(language="en")
    assert mail.outbox == []
    assert tokens.token_authenticate(issued.raw) == issued.token.user


@pytest.mark.django_db
def test_an_email_without_consent_text_is_refused_by_the_service() -> None:
    with pytest.raises(ValueError, match="consent"):
        services.contributor_welcome(contact_email="lucia@example.org", consent_text="")


def test_the_sign_in_button_of_the_token_page_signs_in(
    client: Client, contributor_token: Any
) -> None:
    context = token_once_context(contributor_token.raw, emailed=False)["token_once"]
    assert isinstance(context, dict)
    response = client.post(
        "/en/my/sign-in/",
        {"access_token": context["raw"], "form_token": context["sign_in_form_token"]},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/my/"
