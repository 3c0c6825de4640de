"""Once a year the contributor is asked, by email, whether the initiative is still current."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ipsp.initiatives import services
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import make_initiative

pytestmark = pytest.mark.django_db

A_YEAR_AND_A_DAY = datetime.timedelta(days=366)


def published_long_ago(user: Any, terms: Any, *, email: str = "holder@example.org") -> Initiative:
    initiative = make_initiative(user, terms, state="published")
    long_ago = timezone.now() - A_YEAR_AND_A_DAY
    Initiative.objects.filter(pk=initiative.pk).update(
        published_at=long_ago, last_confirmed_at=long_ago, contact_email=email, language="fr"
    )
    return Initiative.objects.get(pk=initiative.pk)


def test_a_contributor_silent_for_a_year_is_asked_once_in_their_language(
    contributor: Any, terms: Any, django_capture_on_commit_callbacks: Any
) -> None:
    initiative = published_long_ago(contributor.user, terms)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_freshness_reminders", stdout=io.StringIO())
        call_command("send_freshness_reminders", stdout=io.StringIO())

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["holder@example.org"]
    assert message.subject != ""
    assert "/fr/my/" in message.body
    assert f"/fr/initiatives/{initiative.public_id}/" in message.body
    assert message.extra_headers.get("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"


def test_a_recently_published_initiative_is_not_asked(contributor: Any, terms: Any) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    Initiative.objects.filter(pk=initiative.pk).update(contact_email="holder@example.org")
    mail.outbox.clear()

    assert services.initiatives_freshness_remind() == 0
    assert mail.outbox == []


def test_confirming_restarts_the_year_and_a_year_later_it_is_asked_again(
    contributor: Any, terms: Any, django_capture_on_commit_callbacks: Any
) -> None:
    initiative = published_long_ago(contributor.user, terms)
    assert services.initiatives_freshness_remind() == 1
    services.initiative_confirm_current(initiative=initiative, by=contributor.user)
    mail.outbox.clear()

    assert services.initiatives_freshness_remind() == 0
    next_year = timezone.now() + A_YEAR_AND_A_DAY
    with django_capture_on_commit_callbacks(execute=True):
        assert services.initiatives_freshness_remind(now=next_year) == 1
    assert len(mail.outbox) == 1


def test_without_an_address_nothing_is_sent_and_withdrawn_entries_are_never_asked(
    contributor: Any, terms: Any
) -> None:
    published_long_ago(contributor.user, terms, email="")
    withdrawn = published_long_ago(contributor.user, terms)
    Initiative.objects.filter(pk=withdrawn.pk).update(state=Initiative.State.WITHDRAWN)
    mail.outbox.clear()

    assert services.initiatives_freshness_remind() == 0
    assert mail.outbox == []
