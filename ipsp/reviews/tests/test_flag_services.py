"""Adding and withdrawing flags: who may, one live flag per person, history kept,
audit trail, and every refusal leaving nothing written."""

from __future__ import annotations

import pytest

from ipsp.accounts.models import User
from ipsp.actors.models import Actor
from ipsp.reviews import services
from ipsp.reviews.models import REASON_MAX, Flag
from ipsp.verification.audit import audit_trail


def add(actor: Actor, by: User, **overrides: str) -> Flag:
    values = {"category": "small", "reason": "A two-person team doing a lot."}
    values.update(overrides)
    return services.flag_add(kind="actor", public_id=actor.public_id, by=by, **values)


@pytest.mark.django_db
def test_a_reviewer_flags_a_published_actor_and_the_audit_trail_says_who_and_why(
    actor: Actor, reviewer: User
) -> None:
    flag = add(actor, reviewer)
    assert (flag.kind, flag.entry_public_id, flag.category) == ("actor", actor.public_id, "small")
    assert flag.created_by == reviewer and flag.is_live
    record = audit_trail("actor", actor.public_id).get(action="flag_add")
    assert record.actor == reviewer
    assert record.note == "A two-person team doing a lot."
    assert record.data == {"category": "small"}


@pytest.mark.django_db
def test_a_person_has_one_live_flag_per_entry_but_two_people_may_flag_it(
    actor: Actor, reviewer: User, other_reviewer: User
) -> None:
    add(actor, reviewer)
    with pytest.raises(services.FlagError) as refused:
        add(actor, reviewer, category="new")
    assert refused.value.message == "You have already flagged this entry."
    add(actor, other_reviewer, category="new")
    assert Flag.objects.live().of_entry("actor", actor.public_id).count() == 2


@pytest.mark.django_db
def test_withdrawing_ones_flag_keeps_the_record_and_allows_flagging_again(
    actor: Actor, reviewer: User
) -> None:
    flag = add(actor, reviewer)
    withdrawn = services.flag_withdraw(flag=flag, by=reviewer, note="Misread their size.")
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_by == reviewer
    assert withdrawn.withdrawal_note == "Misread their size."
    again = add(actor, reviewer, category="active")
    assert Flag.objects.of_entry("actor", actor.public_id).count() == 2
    assert list(Flag.objects.live().of_entry("actor", actor.public_id)) == [again]
    actions = [r.action for r in audit_trail("actor", actor.public_id).order_by("at", "pk")]
    assert actions[-3:] == ["flag_add", "flag_withdraw", "flag_add"]


@pytest.mark.django_db
def test_a_flag_cannot_be_withdrawn_twice(actor: Actor, reviewer: User) -> None:
    flag = add(actor, reviewer)
    services.flag_withdraw(flag=flag, by=reviewer)
    with pytest.raises(services.FlagError):
        services.flag_withdraw(flag=flag, by=reviewer)
    assert audit_trail("actor", actor.public_id).filter(action="flag_withdraw").count() == 1


@pytest.mark.django_db
def test_the_secretariat_withdraws_anyones_flag_but_another_reviewer_cannot(
    actor: Actor, reviewer: User, other_reviewer: User, secretariat: User
) -> None:
    flag = add(actor, reviewer)
    with pytest.raises(services.FlagForbidden):
        services.flag_withdraw(flag=flag, by=other_reviewer)
    assert Flag.objects.get(pk=flag.pk).is_live
    # the secretariat's second factor is checked by the pages; the service sees a verified
    # person (is_verified is set by django-otp's middleware)
    secretariat.is_verified = lambda: True  # type: ignore[attr-defined]
    services.flag_withdraw(flag=flag, by=secretariat, note="Duplicate entry.")
    assert Flag.objects.get(pk=flag.pk).withdrawn_by == secretariat


@pytest.mark.django_db
def test_a_contributor_cannot_flag(actor: Actor, contributor: object) -> None:
    with pytest.raises(services.FlagForbidden):
        add(actor, contributor.user)  # type: ignore[attr-defined]
    assert not Flag.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reason": "   "}, "reason", "Say why this entry deserves attention."),
        ({"reason": "x" * (REASON_MAX + 1)}, "reason", "Keep the reason under 1000 characters"),
        ({"category": "famous"}, "category", "Choose one of the listed categories."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(
    actor: Actor, reviewer: User, overrides: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(services.FlagError) as refused:
        add(actor, reviewer, **overrides)
    assert refused.value.field == field
    assert refused.value.message.startswith(message)
    assert not Flag.objects.exists()
    assert not audit_trail("actor", actor.public_id).filter(action="flag_add").exists()


@pytest.mark.django_db
def test_only_published_entries_can_be_flagged(terms: dict, reviewer: User) -> None:
    from ipsp.reviews.tests.conftest import make_actor, make_contributor

    draft = make_actor(make_contributor().user, terms, state="submitted")
    with pytest.raises(services.FlagError) as refused:
        add(draft, reviewer)
    assert refused.value.message == "Only published entries can be flagged."
    with pytest.raises(services.FlagError):
        services.flag_add(
            kind="event", public_id=draft.public_id, category="new", reason="x", by=reviewer
        )
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_a_withdrawal_note_that_is_too_long_leaves_the_flag_live(
    actor: Actor, reviewer: User
) -> None:
    flag = add(actor, reviewer)
    with pytest.raises(services.FlagError) as refused:
        services.flag_withdraw(flag=flag, by=reviewer, note="x" * 1001)
    assert refused.value.field == "note"
    assert Flag.objects.get(pk=flag.pk).is_live
    assert not audit_trail("actor", actor.public_id).filter(action="flag_withdraw").exists()
