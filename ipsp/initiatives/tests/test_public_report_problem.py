"""Issue 3, point 5: "report a problem" reaches the secretariat. Visitors send it without a
cookie; bad input is refused at the field with nothing stored; a replay stores one report."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from ipsp.core import formtokens
from ipsp.initiatives.models import ProblemReport
from ipsp.initiatives.tests.public_helpers import page_url, publish, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(contributor: Any, terms: Any) -> Any:
    return publish(contributor.user, terms)


def token() -> str:
    return formtokens.issue("initiatives.problem_report")


def test_the_form_is_shown_without_a_cookie(initiative: Any) -> None:
    response = visitor().get(page_url(initiative, suffix="report/"))

    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_a_report_is_stored_and_the_secretariat_is_emailed(
    initiative: Any, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor().post(
            page_url(initiative, suffix="report/"),
            {
                "reason": "broken_link",
                "message": "The annual report link is dead.",
                "form_token": token(),
            },
        )

    assert response.status_code == 303
    assert response["Location"] == page_url(initiative, suffix="report/sent/")
    assert not response.cookies
    report = ProblemReport.objects.get()
    assert (report.initiative, report.reason, report.message) == (
        initiative,
        "broken_link",
        "The annual report link is dead.",
    )
    to_secretariat = [m for m in mail.outbox if secretariat.email in m.to]
    assert len(to_secretariat) == 1
    assert "Community water kiosks" in to_secretariat[0].subject
    assert "The annual report link is dead." in to_secretariat[0].body
    assert "A link does not work" in to_secretariat[0].body
    thanks = visitor().get(response["Location"])
    assert "The secretariat has received your report" in thanks.content.decode()


def test_a_replayed_report_is_stored_once(initiative: Any, secretariat: Any) -> None:
    data = {"reason": "spam", "message": "", "form_token": token()}
    client = visitor()

    first = client.post(page_url(initiative, suffix="report/"), data)
    second = client.post(page_url(initiative, suffix="report/"), data)

    assert first.status_code == second.status_code == 303
    assert second["Location"] == first["Location"]
    assert ProblemReport.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"message": "Something"}, "reason", "Choose what is wrong."),
        ({"reason": "nonsense"}, "reason", "Select a valid choice."),
        ({"reason": "other", "message": "  "}, "message", "Please describe the problem."),
        ({"reason": "other", "message": "x" * 4001}, "message", "Keep the details under 4000"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_stored(
    initiative: Any, data: dict[str, str], field: str, message: str
) -> None:
    response = visitor().post(
        page_url(initiative, suffix="report/"), {**data, "form_token": token()}
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert f'id="{field}_error"' in html or f'id="id_{field}_error"' in html
    assert message in html
    assert not ProblemReport.objects.exists()
    assert not response.cookies


def test_an_expired_or_tampered_form_is_refused(initiative: Any) -> None:
    response = visitor().post(
        page_url(initiative, suffix="report/"), {"reason": "spam", "form_token": "forged"}
    )

    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_report_sent_from_another_site_is_refused(initiative: Any) -> None:
    response = visitor().post(
        page_url(initiative, suffix="report/"),
        {"reason": "spam", "form_token": token()},
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    )

    assert response.status_code == 400
    assert not ProblemReport.objects.exists()


def test_the_secretariat_sees_reports_in_the_admin(initiative: Any, administrator: Any) -> None:
    from django.contrib import admin

    assert admin.site.is_registered(ProblemReport)
