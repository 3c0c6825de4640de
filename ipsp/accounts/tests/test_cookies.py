import pytest
from django.conf import settings
from django.test import Client

from conftest import STAFF_PASSWORD
from ipsp.accounts.tests.helpers import form_token


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/en/staff/sign-in/", "/en/my/sign-in/", "/en/my/lost-token/", "/ar/my/sign-in/"]
)
def test_visitors_get_the_sign_in_pages_without_any_cookie(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_staff_sign_out_deletes_the_session_cookie(client: Client, reviewer) -> None:
    signed_in = client.post(
        "/en/staff/sign-in/",
        {
            "email": reviewer.email,
            "password": STAFF_PASSWORD,
            "form_token": form_token("staff_sign_in"),
        },
    )
    assert "ipsp_session" in signed_in.cookies
    response = client.post("/en/sign-out/")
    assert response.status_code == 302
    cookie = response.cookies["ipsp_session"]
    assert cookie.value == ""
    assert cookie["max-age"] == 0
    assert client.get("/en/staff/").status_code == 302


def test_contributor_sign_out_deletes_the_session_cookie(client: Client, contributor_token) -> None:
    client.post(
        "/en/my/sign-in/",
        {"access_token": contributor_token.raw, "form_token": form_token("token_sign_in")},
    )
    response = client.post("/en/sign-out/")
    assert response.cookies["ipsp_session"]["max-age"] == 0
    assert client.get("/en/my/").status_code == 302


def test_sign_out_is_post_only(client: Client, reviewer) -> None:
    client.force_login(reviewer)
    assert client.get("/en/sign-out/").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_sign_in_pages_answer_in_every_language_without_a_cookie(
    client: Client, language: str
) -> None:
    for path in ("staff/sign-in/", "my/sign-in/", "my/lost-token/"):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
        assert not response.cookies
