from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from ipsp.accounts import sections
from ipsp.accounts.tests.helpers import form_token


@pytest.fixture
def a_section() -> Iterator[None]:
    saved = dict(sections._my_entries)
    sections.register_my_entries_section(
        sections.Section(
            key="test",
            template="accounts/tests/_section.html",
            context=lambda request, user: {"greeting": f"entries of {user.public_id}"},
        )
    )
    yield
    sections._my_entries.clear()
    sections._my_entries.update(saved)


def test_my_entries_shows_the_sections_other_packages_register(
    client: Client, contributor_token: Any, a_section: None, settings: Any, tmp_path: Any
) -> None:
    folder = tmp_path / "accounts" / "tests"
    folder.mkdir(parents=True)
    (folder / "_section.html").write_text("<p>{{ section.greeting }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    client.post(
        "/en/my/sign-in/",
        {"access_token": contributor_token.raw, "form_token": form_token("token_sign_in")},
    )
    html = client.get("/en/my/").content.decode()
    assert f"entries of {contributor_token.token.user.public_id}" in html


def test_my_entries_without_sections_says_there_is_nothing_yet(
    client: Client, contributor_token: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sections, "_my_entries", {})
    client.post(
        "/en/my/sign-in/",
        {"access_token": contributor_token.raw, "form_token": form_token("token_sign_in")},
    )
    assert "You have no entries yet." in client.get("/en/my/").content.decode()
