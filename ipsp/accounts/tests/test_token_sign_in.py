from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ipsp.accounts import tokens
from ipsp.accounts.tests.helpers import form_token

URL = "/en/my/sign-in/"
REFUSED = "This access token was not accepted."


def post_token(
    client: Client, raw: str = "", upload: SimpleUploadedFile | None = None, url: str = URL
) -> Any:
    data: dict[str, object] = {"access_token": raw, "form_token": form_token("token_sign_in")}
    if upload is not None:
        data["token_file"] = upload
    return client.post(url, data)


def test_a_valid_token_signs_in_and_leads_to_my_entries(client: Client, contributor_token) -> None:
    response = post_token(client, contributor_token.raw)
    assert response.status_code == 302
    assert response["Location"] == "/en/my/"
    page = client.get("/en/my/")
    assert page.status_code == 200
    assert "My entries" in page.content.decode()


def test_signing_in_sets_exactly_one_cookie_the_session_httponly_and_lax(
    client: Client, contributor_token
) -> None:
    response = post_token(client, contributor_token.raw)
    assert list(response.cookies) == ["ipsp_session"]
    cookie = response.cookies["ipsp_session"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_token_text_file_signs_in_too(client: Client, contributor_token) -> None:
    upload = SimpleUploadedFile(
        "ipsp-access-token.txt", tokens.token_file_text(contributor_token.raw).encode()
    )
    response = post_token(client, upload=upload)
    assert response.status_code == 302
    assert response["Location"] == "/en/my/"


def test_surrounding_spaces_and_line_breaks_are_forgiven(client: Client, contributor_token) -> None:
    assert post_token(client, f"  {contributor_token.raw}\n").status_code == 302


def _variants(raw: str) -> dict[str, str]:
    swapped = "A" if raw[-1] != "A" else "B"
    return {
        "unknown": tokens.PREFIX + "x" * 43,
        "tampered": raw[:-1] + swapped,
        "too long": raw + "A" * 5000,
        "truncated": raw[:-3],
        "not a token": "hello",
    }


@pytest.mark.parametrize(
    "kind", ["unknown", "tampered", "too long", "truncated", "not a token", "revoked"]
)
def test_bad_tokens_are_refused_with_the_same_message(
    client: Client, contributor_token, kind: str
) -> None:
    if kind == "revoked":
        tokens.token_revoke(token=contributor_token.token)
        raw = contributor_token.raw
    else:
        raw = _variants(contributor_token.raw)[kind]
    response = post_token(client, raw)
    html = response.content.decode()
    assert response.status_code == 200
    assert REFUSED in html
    assert "revoked" not in html.lower()
    assert not response.cookies


def test_a_file_without_a_token_is_refused_with_the_same_message(client: Client, db: None) -> None:
    upload = SimpleUploadedFile("notes.txt", b"my shopping list")
    response = post_token(client, upload=upload)
    assert REFUSED in response.content.decode()
    assert not response.cookies


def test_an_oversized_file_is_refused_with_the_same_message(
    client: Client, contributor_token
) -> None:
    content = (contributor_token.raw + "\n").encode() + b"x" * 10_000
    response = post_token(client, upload=SimpleUploadedFile("big.txt", content))
    assert REFUSED in response.content.decode()


def test_an_empty_form_asks_for_the_token_at_the_field(client: Client, db: None) -> None:
    response = post_token(client, "")
    assert (
        "Paste your access token, or choose the file you downloaded." in response.content.decode()
    )


def test_a_staff_members_token_never_signs_in(client: Client, secretariat) -> None:
    issued = tokens.token_issue(user=secretariat)
    response = post_token(client, issued.raw)
    assert REFUSED in response.content.decode()
    assert not response.cookies


def test_too_many_failures_from_one_address_are_slowed_down(
    client: Client, contributor_token
) -> None:
    for _attempt in range(10):
        post_token(client, tokens.PREFIX + "y" * 43)
    response = post_token(client, contributor_token.raw)
    html = response.content.decode()
    assert "Too many attempts failed. Please try again in 15 minutes." in html
    assert not response.cookies


def test_the_refusal_is_localised(client: Client, db: None) -> None:
    response = post_token(client, "nonsense", url="/fr/my/sign-in/")
    assert "Ce jeton d’accès n’a pas été accepté." in response.content.decode()  # noqa: RUF001 (French typography)


def test_my_pages_send_visitors_to_the_sign_in_page_without_a_cookie(
    client: Client, db: None
) -> None:
    for path in ["/en/my/", "/en/my/account/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(URL)
        assert not response.cookies


def test_staff_cannot_open_contributors_pages(client: Client, reviewer) -> None:
    client.force_login(reviewer)
    assert client.get("/en/my/").status_code == 403
    assert client.post("/en/my/account/token/rotate/").status_code == 403
