from typing import Any

from django.test import Client

from conftest import STAFF_PASSWORD
from ipsp.accounts.models import User
from ipsp.accounts.tests.helpers import current_code, form_token, make_device, wrong_code

URL = "/en/staff/sign-in/"
REFUSED = "The email address, password or code is not right."


def sign_in(
    client: Client, email: str | None, password: str = STAFF_PASSWORD, code: str = "", **extra: str
) -> Any:
    data = {
        "email": email,
        "password": password,
        "otp_token": code,
        "form_token": form_token("staff_sign_in"),
        **extra,
    }
    return client.post(URL, data)


def test_reviewer_signs_in_with_password_only(client: Client, reviewer: User) -> None:
    response = sign_in(client, reviewer.email)
    assert response.status_code == 302
    assert response["Location"] == "/en/staff/"
    assert client.get("/en/staff/").status_code == 200


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: Client, reviewer: User
) -> None:
    response = sign_in(client, reviewer.email, password="not the password at all")
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "ipsp_session" not in response.cookies


def test_unknown_email_gets_the_same_refusal(client: Client, db: None) -> None:
    response = sign_in(client, "nobody@example.org")
    assert REFUSED in response.content.decode()
    assert not response.cookies


def test_contributor_cannot_sign_in_as_staff(client: Client, contributor_token) -> None:
    user = contributor_token.token.user
    user.email = "contributor@example.org"
    user.set_password(STAFF_PASSWORD)
    user.save()
    response = sign_in(client, "contributor@example.org")
    assert REFUSED in response.content.decode()


def test_secretariat_with_device_signs_in_with_the_code_and_is_verified(
    client: Client, secretariat: User
) -> None:
    device = make_device(secretariat)
    response = sign_in(client, secretariat.email, code=current_code(device))
    assert response.status_code == 302
    assert response["Location"] == "/en/staff/"
    assert client.get("/en/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_secretariat_with_device_is_refused_without_the_code(
    client: Client, secretariat: User
) -> None:
    make_device(secretariat)
    response = sign_in(client, secretariat.email)
    assert REFUSED in response.content.decode()
    assert "ipsp_session" not in response.cookies


def test_a_wrong_code_is_refused(client: Client, secretariat: User) -> None:
    device = make_device(secretariat)
    response = sign_in(client, secretariat.email, code=wrong_code(device))
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert client.get("/en/staff/").status_code == 302


def test_a_code_with_letters_is_refused_at_the_field(client: Client, secretariat: User) -> None:
    response = sign_in(client, secretariat.email, code="12ab56")
    assert "The code is made of digits only." in response.content.decode()


def test_reviewer_who_set_up_a_device_must_give_its_code(client: Client, reviewer: User) -> None:
    device = make_device(reviewer)
    assert REFUSED in sign_in(client, reviewer.email).content.decode()
    assert sign_in(client, reviewer.email, code=current_code(device)).status_code == 302


def test_sign_in_goes_to_a_safe_next_page_only(client: Client, reviewer: User) -> None:
    response = sign_in(client, reviewer.email, next="https://evil.example.com/")
    assert response["Location"] == "/en/staff/"
    client.logout()
    response = sign_in(client, reviewer.email, next="/en/about/")
    assert response["Location"] == "/en/about/"


def test_expired_or_missing_form_token_is_refused(client: Client, reviewer: User) -> None:
    response = client.post(URL, {"email": reviewer.email, "password": STAFF_PASSWORD})
    assert "This form has expired" in response.content.decode()
    assert not response.cookies


def test_bad_email_shape_gets_a_message_at_the_field(client: Client, db: None) -> None:
    response = sign_in(client, "not-an-email")
    assert "Enter a valid email address." in response.content.decode()


def test_refusal_is_localised(client: Client, reviewer: User) -> None:
    data = {
        "email": reviewer.email,
        "password": "wrong password here",
        "form_token": form_token("staff_sign_in"),
    }
    response = client.post("/fr/staff/sign-in/", data)
    assert "L’adresse électronique, le mot de passe ou le code n’est pas correct." in (  # noqa: RUF001 (French typography)
        response.content.decode()
    )


def test_the_email_address_is_matched_without_regard_to_case(
    client: Client, reviewer: User
) -> None:
    response = sign_in(client, (reviewer.email or "").upper())
    assert response.status_code == 302
