"""Writes of level 2: the secretariat's queue, its decisions, appeals.

An entry enters the queue when level 1 passes or holds it (``submission_receive``),
when it is restored from the spam folder, or when an appeal is upheld
(``queue_enter``). The person who opens an item claims it for ``CLAIM_MINUTES``;
a decision carries the entry's ``stamp`` as the decider saw it and is refused if
the entry changed since. Each decision calls the directory package's own
transition service (through the handlers it registered), records the audit
trail, and teaches the classifier (publish: legitimate; spam: spam).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipsp.accounts.models import User
from ipsp.verification import conf, services
from ipsp.verification.audit import audit_record
from ipsp.verification.models import (
    Appeal,
    AppealState,
    Label,
    Level1Check,
    QueueDecision,
    QueueItem,
    QueueOrigin,
    RejectionReason,
)
from ipsp.verification.types import (
    EntryReview,
    KindHandlers,
    Outcome,
    Submission,
    VerificationRefused,
)

# The secretariat's checklist (seed: "relevant, properly tagged, not contradicting the Charter").
CHECKLIST: tuple[tuple[str, Any], ...] = (
    ("relevant", _("Relevant to social progress")),
    ("tagged", _("Properly tagged for classification")),
    ("no_discrimination", _("No discrimination")),
    ("no_hate_or_violence", _("No hateful or violent content")),
    ("no_personal_data", _("No personal data of third parties")),
    ("no_advertising", _("No advertising")),
)
CHECKLIST_KEYS = tuple(key for key, _label in CHECKLIST)
APPEALABLE = {QueueDecision.REJECT, QueueDecision.SPAM}


class QueueRefused(VerificationRefused):
    """A queue action refused; ``field`` names the form field to show it at."""

    def __init__(self, message: Any, *, code: str, field: str = "__all__") -> None:
        super().__init__(message, code=code)
        self.field = field


class ClaimedByOther(QueueRefused):
    pass


class StaleDecision(QueueRefused):
    pass


@dataclass(frozen=True)
class DecisionInput:
    """One decision as the secretariat makes it."""

    decision: str
    stamp: str
    checklist: Mapping[str, bool]
    message: str = ""
    reason_code: str = ""


def _handlers(kind: str) -> KindHandlers:
    handlers = services.kind_handlers(kind)
    if handlers is None or handlers.review is None:
        raise QueueRefused(
            _("This kind of entry cannot be decided here."), code="unknown_kind", field="kind"
        )
    return handlers


def _claim_lapsed(now: datetime) -> datetime:
    return now - timedelta(minutes=int(conf.get("CLAIM_MINUTES")))


def claim_holder(item: QueueItem, *, now: datetime | None = None) -> User | None:
    """Who holds a live claim on the item (None when nobody does)."""
    now = now or timezone.now()
    if item.claimed_by_id is None or item.claimed_at is None:
        return None
    if item.claimed_at < _claim_lapsed(now):
        return None
    return item.claimed_by


def claim_expires_at(item: QueueItem) -> datetime | None:
    if item.claimed_at is None:
        return None
    return item.claimed_at + timedelta(minutes=int(conf.get("CLAIM_MINUTES")))


# --- entering the queue ---------------------------------------------------------------------


@transaction.atomic
def submission_receive(submission: Submission) -> Outcome:
    """Level 1 on a submission, then level 2 for what passed or was held.

    Call it inside the transaction that stores the submission. ``spam`` leaves the
    entry where it is (submitted, waiting) and puts it in the spam folder; nothing
    is dropped. Raises ``VerificationRefused`` for rate limits and refused challenges.
    """
    outcome = services.level1_check(submission)
    check = Level1Check.objects.get(pk=outcome.check_id)
    audit_record(
        submission.kind,
        submission.public_id,
        "level1",
        None,
        "",
        {
            "decision": outcome.decision,
            "rules_decision": outcome.rules_decision,
            "score": round(outcome.score, 3),
            "reasons": list(outcome.reasons),
            "shadow": outcome.shadow,
            "check": check.public_id,
        },
    )
    if outcome.decision != "spam":
        queue_enter(
            kind=submission.kind,
            entry_public_id=submission.public_id,
            check=check,
            origin=QueueOrigin.SUBMISSION,
        )
    return outcome


@transaction.atomic
def queue_enter(
    *,
    kind: str,
    entry_public_id: str,
    check: Level1Check | None = None,
    origin: str = QueueOrigin.SUBMISSION,
    by: User | None = None,
) -> QueueItem:
    """Put an entry in the secretariat's queue (once: a waiting item is returned as it is)."""
    waiting = QueueItem.objects.waiting().filter(kind=kind, entry_public_id=entry_public_id)
    found = waiting.first()
    if found is not None:
        return found
    handlers = _handlers(kind)
    if handlers.enter_level2 is not None:
        handlers.enter_level2(entry_public_id)
    assert handlers.review is not None
    review = handlers.review(entry_public_id)
    if review is None:
        raise QueueRefused(_("This entry no longer exists."), code="gone")
    item = QueueItem.objects.create(
        kind=kind,
        entry_public_id=entry_public_id,
        origin=origin,
        title=review.title[:300],
        language=(review.language or (check.language if check else ""))[:10],
        country=(review.country or (check.country if check else ""))[:2].upper(),
        is_edit=review.is_edit,
        check_ref=check,
        score=check.score if check else None,
        contributor_id=review.contributor_id,
        entered_at=timezone.now(),
    )
    audit_record(
        kind,
        entry_public_id,
        "enter_queue",
        by,
        "",
        {"item": item.public_id, "origin": origin, "score": item.score},
    )
    return item


# --- claims --------------------------------------------------------------------------------


def queue_claim(item: QueueItem, *, by: User, now: datetime | None = None) -> bool:
    """Claim the item for ``by`` unless someone else holds a live claim; True when held."""
    now = now or timezone.now()
    free = Q(claimed_by__isnull=True) | Q(claimed_by=by) | Q(claimed_at__lt=_claim_lapsed(now))
    changed = (
        QueueItem.objects.waiting().filter(free, pk=item.pk).update(claimed_by=by, claimed_at=now)
    )
    item.refresh_from_db()
    return changed == 1


def queue_release(item: QueueItem, *, by: User) -> None:
    """Give up one's own claim."""
    QueueItem.objects.filter(pk=item.pk, claimed_by=by).update(claimed_by=None, claimed_at=None)
    item.refresh_from_db()


def _lock_for_decision(item_id: int, by: User, now: datetime) -> QueueItem:
    item = (
        QueueItem.objects.select_for_update(of=("self",))
        .select_related("claimed_by")
        .get(pk=item_id)
    )
    if item.decided_at is not None:
        raise QueueRefused(
            _("This item was already decided (%(decision)s).")
            % {"decision": item.get_decision_display()},
            code="decided",
        )
    holder = claim_holder(item, now=now)
    if holder is not None and holder.pk != by.pk:
        raise ClaimedByOther(
            _(
                "%(name)s is looking at this item; you can decide it when they are done "
                "or after %(time)s."
            )
            % {
                "name": holder.get_full_name() or holder.email or holder.public_id,
                "time": timezone.localtime(claim_expires_at(item)).strftime("%H:%M"),
            },
            code="claimed",
        )
    return item


def _check_fresh(handlers: KindHandlers, item: QueueItem, stamp: str) -> EntryReview:
    assert handlers.review is not None
    review = handlers.review(item.entry_public_id)
    if review is None:
        raise QueueRefused(_("This entry no longer exists."), code="gone")
    if not stamp or review.stamp != stamp:
        raise StaleDecision(
            _(
                "This entry changed since you opened it. Nothing was decided: look at it "
                "again and decide on what it says now."
            ),
            code="stale",
        )
    return review


# --- the decisions -------------------------------------------------------------------------


def _in_language(language: str, text: Any) -> str:
    with translation.override(language or "en"):
        return str(text)


def _appeal_line(language: str) -> str:
    with translation.override(language or "en"):
        return gettext(
            "If you think this decision is wrong, you can appeal once, within %(days)s days, "
            "from your “My entries” page."
        ) % {"days": conf.get("APPEAL_WINDOW_DAYS")}


def _note_for_contributor(
    decision: str, language: str, message: str, reason: RejectionReason | None
) -> str:
    """What the contributor reads, in their language where a translation exists."""
    parts: list[str] = []
    if decision == QueueDecision.REJECT and reason is not None:
        parts.append(reason.label_in(language))
    if decision == QueueDecision.SPAM:
        parts.append(
            _in_language(
                language,
                _("The secretariat considered this submission to be spam or advertising."),
            )
        )
    if message.strip():
        parts.append(message.strip())
    if decision in APPEALABLE:
        parts.append(_appeal_line(language))
    return "\n\n".join(parts)


def _validate(decision: DecisionInput) -> RejectionReason | None:
    if decision.decision not in QueueDecision.values:
        raise QueueRefused(_("Choose a decision."), code="decision", field="decision")
    if decision.decision == QueueDecision.PUBLISH:
        missing = [key for key in CHECKLIST_KEYS if not decision.checklist.get(key)]
        if missing:
            raise QueueRefused(
                _("Tick every point of the checklist before publishing."),
                code="checklist",
                field="checklist",
            )
    if decision.decision == QueueDecision.REQUEST_CHANGES and not decision.message.strip():
        raise QueueRefused(
            _("Say what the contributor should change."), code="message", field="message"
        )
    if decision.decision == QueueDecision.REJECT:
        reason = RejectionReason.objects.filter(code=decision.reason_code, active=True).first()
        if reason is None:
            raise QueueRefused(
                _("Choose the reason for the rejection."), code="reason", field="reason"
            )
        return reason
    return None


def _teach_classifier(item: QueueItem, label: str) -> None:
    check = item.check_ref
    if check is None or not check.text.strip():
        return
    services.training_example_add(
        text=check.text, language=check.language, label=label, check=check
    )


@transaction.atomic
def queue_decide(
    *, item: QueueItem, by: User, decision: DecisionInput, now: datetime | None = None
) -> QueueItem:
    """Decide one item: publish, request changes, reject (with a reason) or mark as spam."""
    now = now or timezone.now()
    reason = _validate(decision)
    locked = _lock_for_decision(item.pk, by, now)
    handlers = _handlers(locked.kind)
    review = _check_fresh(handlers, locked, decision.stamp)
    callback = {
        QueueDecision.PUBLISH: handlers.publish,
        QueueDecision.REQUEST_CHANGES: handlers.request_changes,
        QueueDecision.REJECT: handlers.reject,
        QueueDecision.SPAM: handlers.mark_spam,
    }[QueueDecision(decision.decision)]
    if callback is None:
        raise QueueRefused(
            _("This kind of entry cannot be decided here."), code="unsupported", field="decision"
        )
    note = _note_for_contributor(
        decision.decision, review.recipient_language, decision.message, reason
    )
    callback(locked.entry_public_id, by, note)
    checklist = {key: bool(decision.checklist.get(key)) for key in CHECKLIST_KEYS}
    changed = QueueItem.objects.filter(pk=locked.pk, decided_at__isnull=True).update(
        decision=decision.decision,
        reason=reason,
        message=decision.message.strip(),
        checklist=checklist,
        decided_by=by,
        decided_at=now,
        claimed_by=None,
        claimed_at=None,
    )
    if changed != 1:  # pragma: no cover - the row is locked above
        raise QueueRefused(_("This item was already decided."), code="decided")
    locked.refresh_from_db()
    if decision.decision == QueueDecision.PUBLISH:
        _teach_classifier(locked, Label.HAM)
    elif decision.decision == QueueDecision.SPAM:
        _teach_classifier(locked, Label.SPAM)
    audit_record(
        locked.kind,
        locked.entry_public_id,
        "decision",
        by,
        decision.message.strip(),
        {
            "item": locked.public_id,
            "decision": decision.decision,
            "reason": reason.code if reason else "",
            "checklist": checklist,
            "stamp": decision.stamp,
        },
        at=now,
    )
    return locked


def queue_decide_many(
    *, items: list[tuple[QueueItem, str]], by: User, decision: DecisionInput
) -> tuple[list[QueueItem], dict[str, str]]:
    """A bulk action: each (item, stamp) decided on its own; returns the decided ones and,
    per item public id, why the others were refused (claimed, changed, already decided)."""
    done: list[QueueItem] = []
    refused: dict[str, str] = {}
    for item, stamp in items:
        one = DecisionInput(
            decision=decision.decision,
            stamp=stamp,
            checklist=decision.checklist,
            message=decision.message,
            reason_code=decision.reason_code,
        )
        try:
            done.append(queue_decide(item=item, by=by, decision=one))
        except VerificationRefused as error:
            refused[item.public_id] = str(error.message)
    return done, refused


@transaction.atomic
def queue_terms_set(*, item: QueueItem, by: User, keys: list[str], stamp: str) -> QueueItem:
    """Fix the entry's classification from the queue, through the directory's service."""
    now = timezone.now()
    locked = _lock_for_decision(item.pk, by, now)
    handlers = _handlers(locked.kind)
    review = _check_fresh(handlers, locked, stamp)
    if handlers.terms_set is None:
        raise QueueRefused(_("The terms of this entry cannot be changed here."), code="terms")
    before = {term.key for term in review.terms}
    handlers.terms_set(locked.entry_public_id, sorted(set(keys)), by)
    after = set(keys)
    audit_record(
        locked.kind,
        locked.entry_public_id,
        "retag",
        by,
        "",
        {
            "item": locked.public_id,
            "added": sorted(after - before),
            "removed": sorted(before - after),
        },
        at=now,
    )
    return locked


# --- appeals -------------------------------------------------------------------------------


def appeal_allowed(item: QueueItem, *, now: datetime | None = None) -> bool:
    """A rejection or spam decision, not itself an appeal's result, not appealed, in time."""
    now = now or timezone.now()
    if item.decision not in APPEALABLE or item.decided_at is None:
        return False
    if item.origin == QueueOrigin.APPEAL or Appeal.objects.filter(item=item).exists():
        return False
    return now <= item.decided_at + timedelta(days=int(conf.get("APPEAL_WINDOW_DAYS")))


def _recipient_email(
    kind: str, entry_public_id: str, kind_name: str, context: dict[str, Any]
) -> None:
    handlers = services.kind_handlers(kind)
    recipient = handlers.recipient(entry_public_id) if handlers and handlers.recipient else None
    if recipient is None or not recipient.address:
        return
    from ipsp.notifications.services import email_send, site_url

    context = {**context, "my_entries_url": site_url("accounts:my_entries", recipient.language)}
    email_send(kind=kind_name, to=recipient.address, language=recipient.language, context=context)


@transaction.atomic
def appeal_file(
    *, item: QueueItem, contributor: User, text: str, now: datetime | None = None
) -> Appeal:
    """The contributor appeals a rejection or spam decision (once)."""
    now = now or timezone.now()
    text = text.strip()
    locked = QueueItem.objects.select_for_update().get(pk=item.pk)
    if locked.contributor_id != contributor.pk:
        raise QueueRefused(_("Only the contributor can appeal this decision."), code="owner")
    if Appeal.objects.filter(item=locked).exists():
        raise QueueRefused(
            _("You have already appealed this decision; an appeal is possible once."),
            code="appealed",
            field="text",
        )
    if not appeal_allowed(locked, now=now):
        raise QueueRefused(
            _("This decision can no longer be appealed."), code="not_appealable", field="text"
        )
    if not text:
        raise QueueRefused(_("Say why the decision should change."), code="text", field="text")
    if len(text) > 4000:
        raise QueueRefused(_("At most 4000 characters."), code="text_length", field="text")
    appeal = Appeal.objects.create(
        item=locked,
        contributor=contributor,
        text=text,
        created_at=now,
        deadline=now + timedelta(days=int(conf.get("APPEAL_DEADLINE_DAYS"))),
    )
    audit_record(
        locked.kind,
        locked.entry_public_id,
        "appeal",
        contributor,
        text,
        {"appeal": appeal.public_id, "item": locked.public_id},
        at=now,
    )
    _recipient_email(
        locked.kind,
        locked.entry_public_id,
        "verification_appeal_received",
        {"title": locked.title, "deadline": appeal.deadline.date()},
    )
    return appeal


APPEAL_OUTCOMES = ("requeue", "publish", "dismiss")


@transaction.atomic
def appeal_decide(
    *,
    appeal: Appeal,
    by: User,
    outcome: str,
    note: str,
    checklist: Mapping[str, bool] | None = None,
    now: datetime | None = None,
) -> Appeal:
    """Uphold an appeal (the entry goes back to the queue, or is published) or dismiss it."""
    now = now or timezone.now()
    note = note.strip()
    if outcome not in APPEAL_OUTCOMES:
        raise QueueRefused(_("Choose a decision."), code="outcome", field="outcome")
    if not note:
        raise QueueRefused(
            _("Give the reasons for this decision; the contributor reads them."),
            code="note",
            field="note",
        )
    if outcome == "publish" and not all((checklist or {}).get(key) for key in CHECKLIST_KEYS):
        raise QueueRefused(
            _("Tick every point of the checklist before publishing."),
            code="checklist",
            field="checklist",
        )
    changed = Appeal.objects.filter(pk=appeal.pk, state=AppealState.OPEN).update(
        state=AppealState.DISMISSED if outcome == "dismiss" else AppealState.UPHELD,
        outcome_note=note,
        published=outcome == "publish",
        decided_by=by,
        decided_at=now,
    )
    if changed != 1:
        raise QueueRefused(_("This appeal was already decided."), code="decided")
    appeal.refresh_from_db()
    item = appeal.item
    if outcome != "dismiss":
        handlers = _handlers(item.kind)
        if handlers.reopen is None:
            raise QueueRefused(_("This kind of entry cannot be reopened."), code="reopen")
        handlers.reopen(item.entry_public_id, by, note)
        new_item = queue_enter(
            kind=item.kind, entry_public_id=item.entry_public_id, origin=QueueOrigin.APPEAL, by=by
        )
        if outcome == "publish":
            assert handlers.review is not None
            review = handlers.review(item.entry_public_id)
            assert review is not None
            queue_decide(
                item=new_item,
                by=by,
                decision=DecisionInput(
                    decision=QueueDecision.PUBLISH,
                    stamp=review.stamp,
                    checklist=dict(checklist or {}),
                    message=note,
                ),
                now=now,
            )
    audit_record(
        item.kind,
        item.entry_public_id,
        "appeal_" + ("dismissed" if outcome == "dismiss" else "upheld"),
        by,
        note,
        {"appeal": appeal.public_id, "outcome": outcome},
        at=now,
    )
    _recipient_email(
        item.kind,
        item.entry_public_id,
        "verification_appeal_dismissed" if outcome == "dismiss" else "verification_appeal_upheld",
        {"title": item.title, "note": note, "published": outcome == "publish"},
    )
    return appeal
