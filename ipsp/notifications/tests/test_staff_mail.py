"""Staff see sent, pending and failed mail, and send a failed message again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ipsp.accounts.models import User
from ipsp.notifications import services
from ipsp.notifications.models import Category, OutgoingEmail
from ipsp.notifications.tests.conftest import Person, SmtpServer

pytestmark = pytest.mark.django_db
State = OutgoingEmail.State
ADMIN_LIST = "/admin/notifications/outgoingemail/"


def make_message(
    state: str = State.SENT, to: str = "ana@example.org", **fields: Any
) -> OutgoingEmail:
    defaults: dict[str, Any] = {
        "kind": "entry_freshness_reminder",
        "category": Category.REMINDERS,
        "language": "en",
        "subject": "Is “Kiosks” still current?",
        "body_text": "Check it here.",
        "body_html": "<p>Check it here.</p>",
    }
    if state == State.SENT:
        defaults.update(sent_at=timezone.now(), attempts=1)
    if state == State.FAILED:
        defaults.update(
            gave_up_at=timezone.now(), attempts=5, last_error="ConnectionRefusedError: refused"
        )
    return OutgoingEmail.objects.create(state=state, to=to, **{**defaults, **fields})


def test_the_secretariat_sees_how_much_mail_is_sent_pending_and_failed(
    staff_client: Client,
) -> None:
    make_message(State.SENT)
    make_message(State.SENT)
    make_message(State.PENDING, to="ben@example.org")
    make_message(State.FAILED, to="chen@example.org")

    response = staff_client.get("/en/staff/mail/")
    page = response.content.decode()
    assert response.status_code == 200
    counts = {row.state: row.count for row in response.context["counts"]}
    assert counts == {"pending": 1, "sending": 0, "sent": 2, "failed": 1, "suppressed": 0}
    assert 'Sent: <span class="mail-count">2</span>' in page
    assert 'Failed: <span class="mail-count">1</span>' in page
    assert "ConnectionRefusedError: refused" in page
    assert "The oldest message still waiting was written" in page


def test_the_list_can_show_failed_mail_only(staff_client: Client) -> None:
    make_message(State.SENT, to="ana@example.org")
    make_message(State.FAILED, to="chen@example.org")
    page = staff_client.get("/en/staff/mail/?state=failed").content.decode()
    assert "chen@example.org" in page
    assert "ana@example.org" not in page
    # an unknown state shows everything rather than failing
    assert "ana@example.org" in staff_client.get("/en/staff/mail/?state=nope").content.decode()


def test_the_staff_page_is_translated(staff_client: Client) -> None:
    make_message(State.FAILED)
    page = staff_client.get("/fr/staff/mail/").content.decode()
    assert "Courriels sortants" in page
    assert "Échec" in page


def test_the_staff_mail_page_costs_the_same_queries_for_3_or_60_messages(
    staff_client: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    for _ in range(3):
        make_message(State.SENT)
    staff_client.get("/en/staff/mail/")  # warm up the session and permission caches
    with django_assert_max_num_queries(12) as few:
        staff_client.get("/en/staff/mail/")
    for _ in range(57):
        make_message(State.FAILED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get("/en/staff/mail/")


def test_the_staff_home_links_to_the_mail_page(staff_client: Client) -> None:
    assert 'href="/en/staff/mail/"' in staff_client.get("/en/staff/").content.decode()


def test_a_reviewer_may_not_see_the_mail(client: Client, reviewer: User) -> None:
    make_message(State.FAILED)
    client.force_login(reviewer)
    assert client.get("/en/staff/mail/").status_code == 403
    assert client.get(ADMIN_LIST).status_code == 302  # to the admin sign-in, not the list
    assert 'href="/en/staff/mail/"' not in client.get("/en/staff/").content.decode()


def test_a_visitor_is_sent_to_the_staff_sign_in(client: Client) -> None:
    response = client.get("/en/staff/mail/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/staff/sign-in/")
    assert not response.cookies


def test_a_contributor_may_not_see_the_mail(client: Client, contributor_token: Any) -> None:
    client.force_login(
        contributor_token.token.user, backend="ipsp.accounts.tokens.AccessTokenBackend"
    )
    assert client.get("/en/staff/mail/").status_code == 403


def test_the_admin_lists_mail_by_state_and_finds_a_recipient(staff_client: Client) -> None:
    make_message(State.SENT, to="ana@example.org")
    make_message(State.FAILED, to="chen@example.org")
    failed = staff_client.get(ADMIN_LIST, {"state__exact": "failed"}).content.decode()
    assert "chen@example.org" in failed and "ana@example.org" not in failed
    found = staff_client.get(ADMIN_LIST, {"q": "ana@"}).content.decode()
    assert "ana@example.org" in found and "chen@example.org" not in found
    message = OutgoingEmail.objects.get(to="ana@example.org")
    detail = staff_client.get(f"{ADMIN_LIST}{message.pk}/change/").content.decode()
    assert "Check it here." not in detail  # the text (which may hold a secret) is not shown
    assert staff_client.post(f"{ADMIN_LIST}{message.pk}/delete/").status_code == 403


def test_send_again_delivers_a_failed_message_once_the_server_is_back(
    staff_client: Client,
    smtp_down: SmtpServer,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.TASK_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_freshness_reminder_email(
            to="ana@example.org", language="en", title="Kiosks", update_url="http://x.test/"
        )
    message = OutgoingEmail.objects.get()
    assert message.state == State.FAILED
    page = staff_client.get("/en/staff/mail/?state=failed").content.decode()
    assert "ConnectionRefusedError" in page

    smtp_down.start()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            ADMIN_LIST, {"action": "send_again", "_selected_action": [message.pk]}, follow=True
        )
    assert "1 message will be sent again." in response.content.decode()
    assert smtp_down.recipients == [["ana@example.org"]]
    message.refresh_from_db()
    assert (message.state, message.attempts, message.resends) == (State.SENT, 1, 1)

    # sending it again now is refused: it was delivered
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            ADMIN_LIST, {"action": "send_again", "_selected_action": [message.pk]}, follow=True
        )
    assert "Only a pending, failed or stuck message can be sent again." in response.content.decode()
    assert len(smtp_down.messages) == 1


def test_a_failed_message_whose_secret_was_removed_cannot_be_sent_again(
    staff_client: Client,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.EMAIL_BACKEND = "ipsp.notifications.tests.test_email_send.FailingBackend"
    settings.TASK_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        services.token_email(Person("ana@example.org", "en"), "ipsp-" + "S" * 43)
    message = OutgoingEmail.objects.get()
    assert message.state == State.FAILED
    response = staff_client.post(
        ADMIN_LIST, {"action": "send_again", "_selected_action": [message.pk]}, follow=True
    )
    assert "held a secret and was removed" in response.content.decode()
    message.refresh_from_db()
    assert message.state == State.FAILED


def test_a_reviewer_cannot_send_mail_again(client: Client, reviewer: User) -> None:
    message = make_message(State.FAILED)
    client.force_login(reviewer)
    client.post(ADMIN_LIST, {"action": "send_again", "_selected_action": [message.pk]})
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert message.resends == 0
