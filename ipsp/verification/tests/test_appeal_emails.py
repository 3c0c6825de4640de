"""The appeal emails render in every UI language (subject, text and HTML)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from ipsp.notifications.services import email_send

pytestmark = pytest.mark.django_db

KINDS: dict[str, dict[str, object]] = {
    "verification_appeal_received": {
        "title": "Water kiosks",
        "deadline": datetime.date(2026, 12, 9),
    },
    "verification_appeal_upheld": {"title": "Water kiosks", "note": "Relevant.", "published": True},
    "verification_appeal_dismissed": {"title": "Water kiosks", "note": "An advert."},
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_each_appeal_email_renders_in_each_language(kind: str, language: str) -> None:
    context = {**KINDS[kind], "my_entries_url": "http://x.test/my/"}
    message = email_send(kind=kind, to="ana@example.org", language=language, context=context)

    assert message.subject and "\n" not in message.subject and "Water kiosks" in message.subject
    assert "http://x.test/my/" in message.body_text
    assert f'<html lang="{language}"' in message.body_html
    assert "{%" not in message.body_text + message.body_html
    if language != "en":
        assert "Your appeal" not in message.subject


def test_the_deadline_is_written_in_the_recipients_language() -> None:
    context = {**KINDS["verification_appeal_received"], "my_entries_url": "http://x.test/my/"}
    message = email_send(
        kind="verification_appeal_received", to="a@example.org", language="fr", context=context
    )
    assert "9 décembre 2026" in message.body_text
