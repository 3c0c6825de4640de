from typing import Any

from django.test import Client

from ipsp.accounts import tokens

URL = "/en/my/token-file/"


def test_the_page_holding_a_token_turns_it_into_a_text_file(
    client: Client, contributor_token: Any
) -> None:
    response = client.post(URL, {"token": contributor_token.raw})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ipsp-access-token.txt"'
    assert "no-store" in response["Cache-Control"]
    assert tokens.token_from_file(response.content) == contributor_token.raw
    assert not response.cookies


def test_anything_that_is_not_a_token_is_refused(client: Client, db: None) -> None:
    for value in ["", "<script>alert(1)</script>", tokens.PREFIX + "a" * 44]:
        assert client.post(URL, {"token": value}).status_code == 400


def test_a_post_from_another_site_is_refused(client: Client, contributor_token: Any) -> None:
    response = client.post(
        URL, {"token": contributor_token.raw}, headers={"Origin": "https://evil.example.com"}
    )
    assert response.status_code == 400


def test_the_download_is_post_only_so_no_token_travels_in_a_url(client: Client, db: None) -> None:
    assert client.get(URL, {"token": tokens.PREFIX + "a" * 43}).status_code == 405


def test_the_file_is_written_in_the_page_language(client: Client, contributor_token: Any) -> None:
    response = client.post("/fr/my/token-file/", {"token": contributor_token.raw})
    assert "Gardez ce fichier" in response.content.decode()
