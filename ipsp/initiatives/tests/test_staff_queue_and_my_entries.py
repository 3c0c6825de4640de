# mypy: disable-error-code="union-attr, arg-type, operator, misc"
from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from ipsp.accounts.models import User
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import Contributor, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client, secretariat: User, settings: object) -> Client:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(secretariat)
    # The secretariat's second factor: verified for this session.
    device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_the_secretariat_publishes_from_the_queue(
    staff_client: Client, contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    response = staff_client.get("/en/initiatives/staff/queue/")
    assert response.status_code == 302  # the verification package's queue replaced it
    assert response["Location"] == "/en/staff/queue/"
    response = staff_client.post(
        f"/en/initiatives/staff/{initiative.public_id}/decide/",
        {"decision": "publish", "note": ""},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.PUBLISHED
    assert initiative.published_version.number == 1


def test_requesting_changes_without_a_note_is_refused_with_a_message(
    staff_client: Client, contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="submitted")
    response = staff_client.post(
        f"/en/initiatives/staff/{initiative.public_id}/decide/",
        {"decision": "request_changes", "note": ""},
    )
    assert response.status_code == 400
    assert "Say what the contributor should change." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.SUBMITTED


def test_the_secretariat_may_edit_any_initiative(
    staff_client: Client, contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms)
    assert staff_client.get(f"/en/initiatives/{initiative.public_id}/edit/").status_code == 200


def test_my_entries_lists_the_contributors_initiatives_with_completeness(
    client: Client, contributor: Contributor, other_contributor: Contributor, terms: dict
) -> None:
    make_initiative(contributor.user, terms)
    make_initiative(other_contributor.user, terms, title="Someone else's initiative")
    client.force_login(contributor.user, backend="ipsp.accounts.tokens.AccessTokenBackend")
    body = client.get("/en/my/").content.decode()
    assert "Community water kiosks" in body
    assert "Someone else" not in body
    assert "%" in body


def test_my_entries_asks_yearly_whether_a_published_initiative_is_current(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    client.force_login(contributor.user, backend="ipsp.accounts.tokens.AccessTokenBackend")
    assert "Still current?" not in client.get("/en/my/").content.decode()
    Initiative.objects.filter(pk=initiative.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert "Still current?" in client.get("/en/my/").content.decode()
    response = client.post(f"/en/initiatives/{initiative.public_id}/confirm-current/")
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert timezone.now() - initiative.last_confirmed_at < datetime.timedelta(minutes=1)


def test_editing_a_published_initiative_creates_a_pending_version(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    client.force_login(contributor.user, backend="ipsp.accounts.tokens.AccessTokenBackend")
    page = client.get(f"/en/initiatives/{initiative.public_id}/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    formsets = page.context["formsets"]
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value in (None, ""):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else value
    data.pop("transcript", None)
    for prefix, formset in formsets.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(formset.forms):
            for name in row.fields:
                value = row.initial.get(name)
                if value:
                    data[f"{prefix}-{index}-{name}"] = value
    data["title"] = "Community water kiosks, phase two"
    data["submit"] = "1"
    response = client.post(f"/en/initiatives/{initiative.public_id}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.PUBLISHED
    assert initiative.published_version.title == "Community water kiosks"
    assert initiative.pending_version.title == "Community water kiosks, phase two"
    assert initiative.pending_version.state == "submitted"
