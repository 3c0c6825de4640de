"""Every kind renders its subject, text and HTML in each of the 11 languages."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings

from ipsp.notifications import services
from ipsp.notifications.models import Category

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# The kinds this package defines, with the context their function hands them.
OWN_KINDS: dict[str, tuple[str, dict[str, object]]] = {
    "token_issued": (
        Category.TRANSACTIONAL,
        {
            "token": "ipsp-" + "R" * 43,
            "sign_in_url": "http://x.test/my/sign-in/",
            "lost_token_url": "http://x.test/my/lost-token/",
        },
    ),
    "token_recovery": (Category.TRANSACTIONAL, {"link": "http://x.test/my/lost-token/abc/"}),
    "entry_freshness_reminder": (
        Category.REMINDERS,
        {
            "title": "Community water kiosks",
            "update_url": "http://x.test/my/",
            "page_url": "http://x.test/initiatives/X/",
            "last_updated": datetime.date(2025, 3, 14),
        },
    ),
}


def _render(kind: str, language: str) -> tuple[str, str, str]:
    category, context = OWN_KINDS[kind]
    message = services.email_send(
        kind=kind, to="ana@example.org", language=language, context=context, category=category
    )
    return message.subject, message.body_text, message.body_html


@pytest.mark.parametrize("kind", sorted(OWN_KINDS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_kind_renders_in_each_language(kind: str, language: str) -> None:
    subject, text, html = _render(kind, language)
    assert subject and "\n" not in subject
    assert text.strip()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    assert "{%" not in text + html and "{{" not in text + html


@pytest.mark.parametrize("kind", sorted(OWN_KINDS))
def test_the_subject_is_translated_into_french_and_arabic(kind: str) -> None:
    english = _render(kind, "en")[0]
    french = _render(kind, "fr")[0]
    arabic = _render(kind, "ar")[0]
    assert french != english
    assert arabic != english
    assert any("\u0600" <= char <= "\u06ff" for char in arabic)


def test_the_reminder_names_its_entry_and_date_in_the_recipients_language() -> None:
    subject, text, html = _render("entry_freshness_reminder", "fr")
    assert subject == "« Community water kiosks » est-elle toujours à jour ?"
    assert "14 mars 2025" in text
    assert "Se désabonner de ces messages" in html
    assert "Pour ne plus recevoir ces messages : http://127.0.0.1:8000/fr/unsubscribe/" in text


def test_transactional_mail_has_no_unsubscribe_link() -> None:
    _subject, text, html = _render("token_recovery", "en")
    assert "unsubscribe" not in (text + html).lower()
    assert "because of an action on the platform" in html


def _every_kind() -> list[str]:
    """Kinds whose templates any installed package ships (initiatives has its own)."""
    found = set()
    folders = [Path(config.path) / "templates" for config in apps.get_app_configs()]
    engines: list[dict[str, Any]] = settings.TEMPLATES
    for engine in engines:
        folders += [Path(folder) for folder in engine.get("DIRS", [])]
    for folder in folders:
        for subject in (folder / "notifications" / "email").glob("*/subject.txt"):
            found.add(subject.parent.name)
    return sorted(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_every_package_renders_in_each_language(language: str) -> None:
    kinds = _every_kind()
    assert set(OWN_KINDS) <= set(kinds)
    context: dict[str, object] = {
        "title": "Community water kiosks",
        "note": "Please add a country.",
        "reason": "Spam",
        "message": "Broken link",
        "public_id": "ABCD-EFGH",
        "page_url": "http://x.test/p/",
        "edit_url": "http://x.test/e/",
        "admin_url": "http://x.test/a/",
        "update_url": "http://x.test/u/",
        "link": "http://x.test/l/",
        "token": "ipsp-token",
        "sign_in_url": "http://x.test/s/",
        "lost_token_url": "http://x.test/t/",
    }
    for kind in kinds:
        message = services.email_send(
            kind=kind, to="ana@example.org", language=language, context=context
        )
        assert message.subject, kind
        assert message.body_text.strip(), kind
