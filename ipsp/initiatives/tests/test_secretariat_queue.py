# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""Level 2 with initiatives: the queue, decisions, claims, bulk actions, emails, appeals,
health figures and permissions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import make_staff
from ipsp.accounts.models import User
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import Contributor, make_contributor
from ipsp.initiatives.tests.queue_helpers import decide_data, queued, signed_in_staff
from ipsp.verification.models import (
    Appeal,
    AuditEntry,
    QueueItem,
    RejectionReason,
    TrainingExample,
)

pytestmark = pytest.mark.django_db

QUEUE = "/en/staff/queue/"


@pytest.fixture
def staff(client: Client, secretariat: User) -> Client:
    return signed_in_staff(client, secretariat)


def _item_url(item: QueueItem, suffix: str = "") -> str:
    return f"/en/staff/queue/{item.public_id}/{suffix}"


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what waits for the commit (the email tasks) after each request."""

    def post(client: Client, url: str, data: dict[str, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def _contributor_client(contributor: Contributor) -> Client:
    client = Client()
    client.force_login(contributor.user, backend="ipsp.accounts.tokens.AccessTokenBackend")
    return client


# --- the queue page ------------------------------------------------------------------------


def test_the_queue_lists_waiting_entries_oldest_first_with_level_1_signals(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    _first, older = queued(contributor.user, terms, title="Older kiosks")
    _second, _newer = queued(contributor.user, terms, title="Newer kiosks")
    QueueItem.objects.filter(pk=older.pk).update(
        entered_at=timezone.now() - datetime.timedelta(days=3)
    )

    body = staff.get(QUEUE).content.decode()

    assert body.index("Older kiosks") < body.index("Newer kiosks")
    assert "First submission with this access token." in body  # reasons.LABELS


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("language=fr", "French kiosks", "Older kiosks"),
        ("country=BD", "French kiosks", "Older kiosks"),
        ("age=1", "Older kiosks", "French kiosks"),
        ("kind=initiative&score_min=-100&score_max=100", "Older kiosks", "Nothing"),
    ],
)
def test_the_queue_filters_by_kind_language_country_age_and_score(
    staff: Client, contributor: Contributor, terms: dict, query: str, shown: str, hidden: str
) -> None:
    _a, older = queued(contributor.user, terms, title="Older kiosks")
    QueueItem.objects.filter(pk=older.pk).update(
        entered_at=timezone.now() - datetime.timedelta(days=3)
    )
    queued(
        contributor.user,
        terms,
        title="French kiosks",
        language="fr",
        terms=[terms["country"][1], terms["theme"][0]],
    )

    body = staff.get(f"{QUEUE}?{query}").content.decode()

    assert shown in body
    assert hidden not in body


@pytest.mark.parametrize(
    "query", ["age=banana", "score_min=abc", "score_min=5&score_max=1", "kind=nothing"]
)
def test_bad_filters_are_refused_at_the_field(staff: Client, query: str) -> None:
    response = staff.get(f"{QUEUE}?{query}")
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()


# --- one item: claim, checklist, decisions ----------------------------------------------------


def test_opening_an_item_claims_it_and_shows_entry_terms_and_checklist(
    staff: Client, contributor: Contributor, terms: dict, secretariat: User
) -> None:
    _initiative, item = queued(contributor.user, terms, summary="Clean water and sanitation.")

    body = staff.get(_item_url(item)).content.decode()

    item.refresh_from_db()
    assert item.claimed_by == secretariat
    assert "Community water kiosks" in body
    assert "Relevant to social progress" in body and "No advertising" in body
    assert "Untick a term to remove it" in body


def test_publishing_needs_the_whole_checklist(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    initiative, item = queued(contributor.user, terms)
    data = decide_data(item, "publish")
    data.pop("no_advertising")

    response = staff.post(_item_url(item, "decide/"), data)

    assert response.status_code == 400
    assert "Tick every point of the checklist before publishing." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.IN_VALIDATION


def test_publishing_from_the_queue_publishes_emails_and_teaches_the_classifier(
    staff: Client, terms: dict, commit: Any
) -> None:
    contributor = make_contributor()
    initiative, item = queued(contributor.user, terms)
    Initiative.objects.filter(pk=initiative.pk).update(
        contact_email="ana@example.org", language="fr"
    )

    response = commit(staff, _item_url(item, "decide/"), decide_data(item, "publish"))

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.PUBLISHED
    item.refresh_from_db()
    assert item.decision == "publish" and item.checklist["relevant"] is True
    assert mail.outbox[-1].to == ["ana@example.org"]
    assert "Publiée" in mail.outbox[-1].subject or "publi" in mail.outbox[-1].subject.lower()
    assert TrainingExample.objects.filter(label="ham", source="secretariat").exists()
    assert AuditEntry.objects.filter(action="decision", entry_public_id=initiative.public_id)


def test_requesting_changes_needs_a_message_which_the_contributor_receives(
    staff: Client, contributor: Contributor, terms: dict, commit: Any
) -> None:
    initiative, item = queued(contributor.user, terms)
    Initiative.objects.filter(pk=initiative.pk).update(contact_email="ana@example.org")

    empty = staff.post(_item_url(item, "decide/"), decide_data(item, "request_changes"))
    assert empty.status_code == 400
    assert "Say what the contributor should change." in empty.content.decode()

    commit(
        staff,
        _item_url(item, "decide/"),
        decide_data(item, "request_changes", message="Add the number of households served."),
    )
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.CHANGES_REQUESTED
    assert "Add the number of households served." in mail.outbox[-1].body
    page = _contributor_client(contributor).get("/en/my/").content.decode()
    assert "Add the number of households served." in page


def test_a_rejection_needs_a_reason_and_is_told_in_the_contributors_language(
    staff: Client, terms: dict, commit: Any
) -> None:
    contributor = make_contributor()
    initiative, item = queued(contributor.user, terms)
    Initiative.objects.filter(pk=initiative.pk).update(
        contact_email="ana@example.org", language="es"
    )

    no_reason = staff.post(_item_url(item, "decide/"), decide_data(item, "reject"))
    assert no_reason.status_code == 400
    assert "Choose the reason for the rejection." in no_reason.content.decode()

    commit(
        staff,
        _item_url(item, "decide/"),
        decide_data(item, "reject", reason="advertising", message="It sells water filters."),
    )

    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.REJECTED
    body = mail.outbox[-1].body
    assert "Publicidad en lugar de la descripción de una iniciativa" in body
    assert "It sells water filters." in body
    item.refresh_from_db()
    assert item.reason == RejectionReason.objects.get(code="advertising")


def test_marking_as_spam_rejects_and_teaches_the_classifier(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    initiative, item = queued(contributor.user, terms)

    staff.post(_item_url(item, "decide/"), decide_data(item, "spam"))

    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.REJECTED
    assert TrainingExample.objects.filter(label="spam", source="secretariat").exists()
    health = staff.get("/en/staff/queue/health/").content.decode()
    assert 'id="figure-spam-level2">1<' in health


def test_a_decision_on_an_entry_that_changed_since_it_was_opened_is_refused(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    initiative, item = queued(contributor.user, terms)
    stale = decide_data(item, "publish")
    # someone fixes the terms meanwhile
    staff.post(
        _item_url(item, "terms/"),
        {"stamp": stale["stamp"], "terms": [f"country:{terms['country'][0].code}"]},
    )

    response = staff.post(_item_url(item, "decide/"), stale)

    assert response.status_code == 409
    assert "This entry changed since you opened it." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.IN_VALIDATION


def test_terms_are_fixed_in_place_through_the_initiatives_service(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    initiative, item = queued(contributor.user, terms)
    data = decide_data(item, "publish")
    keys = [f"country:{terms['country'][0].code}", f"sdg:{terms['sdg'][0].code}"]

    response = staff.post(_item_url(item, "terms/"), {"stamp": data["stamp"], "terms": keys})

    assert response.status_code == 302
    initiative.refresh_from_db()
    codes = {(t.vocabulary.code, t.code) for t in initiative.pending_version.terms.all()}
    assert codes == {("country", terms["country"][0].code), ("sdg", terms["sdg"][0].code)}
    assert AuditEntry.objects.filter(action="retag", kind="initiative").count() == 2
    bad = staff.post(_item_url(item, "terms/"), {"stamp": data["stamp"], "terms": ["x:y"]})
    assert bad.status_code == 400
    assert "Choose among the terms shown." in bad.content.decode()


# --- claims --------------------------------------------------------------------------------


def test_an_item_claimed_by_someone_else_cannot_be_decided(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    initiative, item = queued(contributor.user, terms)
    colleague = make_staff("secretariat", "li.colleague@example.org")
    other = signed_in_staff(Client(), colleague)
    other.get(_item_url(item))  # the colleague opens (claims) it

    page = staff.get(_item_url(item)).content.decode()
    response = staff.post(_item_url(item, "decide/"), decide_data(item, "publish"))

    assert "is looking at this item" in page
    assert response.status_code == 409
    assert "is looking at this item" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.IN_VALIDATION


def test_a_lapsed_claim_can_be_taken_over(
    staff: Client, contributor: Contributor, terms: dict, secretariat: User
) -> None:
    _initiative, item = queued(contributor.user, terms)
    colleague = make_staff("secretariat", "li.colleague@example.org")
    QueueItem.objects.filter(pk=item.pk).update(
        claimed_by=colleague, claimed_at=timezone.now() - datetime.timedelta(minutes=31)
    )

    staff.get(_item_url(item))

    item.refresh_from_db()
    assert item.claimed_by == secretariat


# --- bulk actions --------------------------------------------------------------------------


def test_bulk_reject_decides_each_selected_item(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    _first, one = queued(contributor.user, terms, title="First kiosks")
    _second, two = queued(contributor.user, terms, title="Second kiosks")
    data = {
        "items": [one.public_id, two.public_id],
        "decision": "reject",
        "reason": "not_relevant",
        f"stamp-{one.public_id}": decide_data(one, "reject")["stamp"],
        f"stamp-{two.public_id}": decide_data(two, "reject")["stamp"],
    }

    response = staff.post("/en/staff/queue/bulk/", data)

    assert response.status_code == 302
    assert set(Initiative.objects.values_list("state", flat=True)) == {"rejected"}


def test_bulk_publish_needs_the_checklist_confirmation_and_skips_claimed_items(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    _first, one = queued(contributor.user, terms, title="First kiosks")
    _second, two = queued(contributor.user, terms, title="Second kiosks")
    colleague = make_staff("secretariat", "li.colleague@example.org")
    signed_in_staff(Client(), colleague).get(_item_url(two))
    data = {
        "items": [one.public_id, two.public_id],
        "decision": "publish",
        f"stamp-{one.public_id}": decide_data(one, "publish")["stamp"],
        f"stamp-{two.public_id}": decide_data(two, "publish")["stamp"],
    }

    unconfirmed = staff.post("/en/staff/queue/bulk/", data)
    assert unconfirmed.status_code == 400
    assert "Confirm that you checked the checklist" in unconfirmed.content.decode()

    response = staff.post("/en/staff/queue/bulk/", {**data, "checked": "on"})

    body = response.content.decode()
    assert "Some items were not decided" in body and "Second kiosks" in body
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.decision == "publish" and two.decided_at is None


@pytest.mark.parametrize(
    "data",
    [{}, {"items": ["NOTANITEM1"], "decision": "reject"}, {"decision": "explode"}],
)
def test_bad_bulk_input_is_refused_with_a_message(staff: Client, data: dict[str, Any]) -> None:
    response = staff.post("/en/staff/queue/bulk/", data)
    assert response.status_code == 400


# --- appeals -------------------------------------------------------------------------------


def _rejected(staff: Client, contributor: Contributor, terms: dict) -> tuple[Initiative, QueueItem]:
    initiative, item = queued(contributor.user, terms)
    Initiative.objects.filter(pk=initiative.pk).update(contact_email="ana@example.org")
    staff.post(_item_url(item, "decide/"), decide_data(item, "reject", reason="not_relevant"))
    item.refresh_from_db()
    return initiative, item


def test_the_contributor_appeals_once_and_the_secretariat_upholds_it(
    staff: Client, contributor: Contributor, terms: dict, commit: Any
) -> None:
    initiative, item = _rejected(staff, contributor, terms)
    own = _contributor_client(contributor)
    assert "Appeal this decision (once)" in own.get("/en/my/").content.decode()

    empty = own.post(f"/en/my/appeal/{item.public_id}/", {"text": "  "})
    assert empty.status_code == 400
    assert "Say why the decision should change." in empty.content.decode()

    response = commit(
        own, f"/en/my/appeal/{item.public_id}/", {"text": "It is about water access."}
    )
    assert response.status_code == 302
    again = own.post(f"/en/my/appeal/{item.public_id}/", {"text": "Please!"})
    assert again.status_code == 400
    assert "an appeal is possible once" in again.content.decode()
    assert Appeal.objects.count() == 1
    assert "appeal about" in mail.outbox[-1].subject

    appeal = Appeal.objects.get()
    appeals_page = staff.get("/en/staff/queue/appeals/").content.decode()
    assert "Community water kiosks" in appeals_page
    no_note = staff.post(f"/en/staff/queue/appeals/{appeal.public_id}/", {"outcome": "requeue"})
    assert no_note.status_code == 400
    commit(
        staff,
        f"/en/staff/queue/appeals/{appeal.public_id}/",
        {"outcome": "requeue", "note": "Water access is social progress."},
    )

    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.IN_VALIDATION
    new_item = QueueItem.objects.get(decided_at=None)
    assert new_item.origin == "appeal"
    assert "was upheld" in mail.outbox[-1].subject
    health = staff.get("/en/staff/queue/health/").content.decode()
    assert 'id="figure-appeals-upheld">1<' in health
    # a decision after an upheld appeal cannot be appealed again
    staff.post(_item_url(new_item, "decide/"), decide_data(new_item, "reject", reason="duplicate"))
    new_item.refresh_from_db()
    refused = own.post(f"/en/my/appeal/{new_item.public_id}/", {"text": "Again"})
    assert refused.status_code == 400


def test_an_appeal_can_publish_or_be_dismissed(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    initiative, item = _rejected(staff, contributor, terms)
    _contributor_client(contributor).post(
        f"/en/my/appeal/{item.public_id}/", {"text": "It is about water access."}
    )
    appeal = Appeal.objects.get()
    checklist = {key: "on" for key in decide_data(item, "publish") if key.startswith("no_")}
    checklist.update({"relevant": "on", "tagged": "on"})

    staff.post(
        f"/en/staff/queue/appeals/{appeal.public_id}/",
        {"outcome": "publish", "note": "Indeed relevant.", **checklist},
    )

    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.PUBLISHED
    appeal.refresh_from_db()
    assert appeal.state == "upheld" and appeal.published


def test_dismissing_an_appeal_keeps_the_decision_and_tells_the_contributor(
    staff: Client, contributor: Contributor, terms: dict, commit: Any
) -> None:
    initiative, item = _rejected(staff, contributor, terms)
    _contributor_client(contributor).post(
        f"/en/my/appeal/{item.public_id}/", {"text": "It is about water access."}
    )
    appeal = Appeal.objects.get()

    commit(
        staff,
        f"/en/staff/queue/appeals/{appeal.public_id}/",
        {"outcome": "dismiss", "note": "It is an advertisement."},
    )

    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.REJECTED
    assert "was dismissed" in mail.outbox[-1].subject
    page = _contributor_client(contributor).get("/en/my/").content.decode()
    assert "dismissed" in page and "It is an advertisement." in page


def test_appeals_have_a_deadline_and_late_ones_are_shown_overdue(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    _initiative, item = _rejected(staff, contributor, terms)
    _contributor_client(contributor).post(
        f"/en/my/appeal/{item.public_id}/", {"text": "It is about water access."}
    )
    appeal = Appeal.objects.get()
    assert (appeal.deadline - appeal.created_at).days == 14
    Appeal.objects.filter(pk=appeal.pk).update(deadline=timezone.now() - datetime.timedelta(days=1))

    assert "overdue" in staff.get("/en/staff/queue/appeals/").content.decode()


def test_a_decision_cannot_be_appealed_after_the_window(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    _initiative, item = _rejected(staff, contributor, terms)
    QueueItem.objects.filter(pk=item.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=31)
    )

    response = _contributor_client(contributor).post(
        f"/en/my/appeal/{item.public_id}/", {"text": "Late"}
    )

    assert response.status_code == 400
    assert not Appeal.objects.exists()


def test_another_contributor_cannot_appeal(
    staff: Client, contributor: Contributor, other_contributor: Contributor, terms: dict
) -> None:
    _initiative, item = _rejected(staff, contributor, terms)
    response = _contributor_client(other_contributor).post(
        f"/en/my/appeal/{item.public_id}/", {"text": "Mine now"}
    )
    assert response.status_code == 403
    assert not Appeal.objects.exists()


# --- health, audit, permissions -------------------------------------------------------------


def test_the_health_page_shows_waiting_items_oldest_and_decisions_per_day(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    _a, old = queued(contributor.user, terms, title="Old one")
    QueueItem.objects.filter(pk=old.pk).update(
        entered_at=timezone.now() - datetime.timedelta(days=2)
    )
    _b, done = queued(contributor.user, terms, title="Done one")
    staff.post(_item_url(done, "decide/"), decide_data(done, "publish"))

    body = staff.get("/en/staff/queue/health/").content.decode()

    assert 'id="figure-waiting">1<' in body
    assert "2\xa0days" in body
    assert body.count("<meter") == 14


def test_staff_read_the_audit_trail_of_an_entry(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    initiative, item = queued(contributor.user, terms)
    staff.post(_item_url(item, "decide/"), decide_data(item, "publish"))

    body = staff.get(f"/en/staff/queue/audit/initiative/{initiative.public_id}/").content.decode()

    for action in ("create", "submit", "level1", "enter_queue", "decision", "publish"):
        assert f"<td>{action}</td>" in body


@pytest.mark.parametrize(
    "path",
    [
        QUEUE,
        "/en/staff/queue/health/",
        "/en/staff/queue/appeals/",
    ],
)
def test_reviewers_contributors_and_visitors_cannot_see_the_queue(
    client: Client, reviewer: User, contributor: Contributor, path: str
) -> None:
    assert client.get(path).status_code == 302  # visitor: to the staff sign-in
    client.force_login(reviewer)
    assert client.get(path).status_code == 403
    assert _contributor_client(contributor).get(path).status_code == 403


def test_only_the_secretariat_may_decide(
    client: Client, reviewer: User, contributor: Contributor, terms: dict
) -> None:
    initiative, item = queued(contributor.user, terms)
    data = decide_data(item, "publish")

    assert client.post(_item_url(item, "decide/"), data).status_code == 302
    client.force_login(reviewer)
    assert client.post(_item_url(item, "decide/"), data).status_code == 403
    assert (
        _contributor_client(contributor).post(_item_url(item, "decide/"), data).status_code == 403
    )
    assert client.post("/en/staff/queue/bulk/", {"items": [item.public_id]}).status_code == 403
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.IN_VALIDATION


def test_a_secretariat_member_without_the_second_factor_is_sent_to_confirm_it(
    client: Client, secretariat: User
) -> None:
    client.force_login(secretariat)
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "/staff/two-factor/" in response["Location"]


def test_the_old_initiatives_queue_sends_the_secretariat_here(staff: Client) -> None:
    response = staff.get("/en/initiatives/staff/queue/")
    assert response["Location"] == "/en/staff/queue/"


def test_after_a_decision_the_queue_says_it_was_recorded(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    _initiative, item = queued(contributor.user, terms)
    response = staff.post(_item_url(item, "decide/"), decide_data(item, "publish"), follow=True)
    assert "Decision recorded." in response.content.decode()
    assert "Nothing is waiting." in response.content.decode()
    assert staff.get(f"{QUEUE}?done=junk").status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"decision": "explode"}, "Select a valid choice."),
        ({"stamp": ""}, "This field is required."),
        ({"message": "x" * 4001}, "Ensure this value has at most 4000 characters"),
        ({"decision": "reject", "reason": "no-such-reason"}, "Select a valid choice."),
    ],
)
def test_bad_decision_input_is_refused_and_nothing_is_decided(
    staff: Client, contributor: Contributor, terms: dict, change: dict[str, str], message: str
) -> None:
    initiative, item = queued(contributor.user, terms)
    data = {**decide_data(item, "publish"), **change}

    response = staff.post(_item_url(item, "decide/"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    initiative.refresh_from_db()
    item.refresh_from_db()
    assert initiative.state == Initiative.State.IN_VALIDATION and item.decided_at is None


@pytest.mark.parametrize(
    "data",
    [{"outcome": "explode", "note": "x"}, {"outcome": "dismiss", "note": ""}, {"note": "x"}],
)
def test_bad_appeal_decisions_are_refused(
    staff: Client, contributor: Contributor, terms: dict, data: dict[str, str]
) -> None:
    _initiative, item = _rejected(staff, contributor, terms)
    _contributor_client(contributor).post(
        f"/en/my/appeal/{item.public_id}/", {"text": "It is about water access."}
    )
    appeal = Appeal.objects.get()

    response = staff.post(f"/en/staff/queue/appeals/{appeal.public_id}/", data)

    assert response.status_code == 400
    appeal.refresh_from_db()
    assert appeal.state == "open"


def test_a_too_long_appeal_is_refused_at_the_field(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    _initiative, item = _rejected(staff, contributor, terms)
    response = _contributor_client(contributor).post(
        f"/en/my/appeal/{item.public_id}/", {"text": "x" * 4001}
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 4000 characters" in response.content.decode()
    assert not Appeal.objects.exists()


def test_the_queue_pages_speak_the_secretariats_language(
    staff: Client, contributor: Contributor, terms: dict
) -> None:
    _initiative, item = queued(contributor.user, terms)
    assert "Soumissions en attente de décision" in staff.get("/fr/staff/queue/").content.decode()
    page = staff.get(f"/ar/staff/queue/{item.public_id}/").content.decode()
    assert "ذو صلة بالتقدم الاجتماعي" in page
    assert "Santé de la file" in staff.get("/fr/staff/queue/health/").content.decode()
