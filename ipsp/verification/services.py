"""Writes of level 1: check a submission, restore from or purge the spam folder, train.

Directory packages call ``level1_check(submission)`` inside the transaction that
stores the entry; it raises ``VerificationRefused`` (a rate limit, or a
malformed, oversized, expired or replayed challenge answer) with a localised
message for the form, or returns an ``Outcome``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipsp.accounts.models import User
from ipsp.core.tasks import enqueue_on_commit
from ipsp.verification import challenge as challenges
from ipsp.verification import classifier, conf, corpus, ratelimits, rules
from ipsp.verification.audit import audit_record
from ipsp.verification.duplicates import similar_entries
from ipsp.verification.models import (
    ClassifierModel,
    Decision,
    ExampleSource,
    Label,
    Level1Check,
    TrainingExample,
)
from ipsp.verification.types import (
    KindHandlers,
    Outcome,
    RateLimited,
    Signal,
    Submission,
    VerificationRefused,
)

logger = logging.getLogger(__name__)

# Signals that hold a submission whatever its score.
FORCED_HOLD = {"no_javascript"}

_handlers: dict[str, KindHandlers] = {}


class NotInSpamFolder(VerificationRefused):
    field = "check"


def register_kind(
    kind: str,
    *,
    on_restore: Callable[[str], None] | None = None,
    on_purge: Callable[[str], None] | None = None,
    **level2: Any,
) -> None:
    """A directory package says what to do with its entries (call it from AppConfig.ready).

    ``level2`` takes the other fields of ``KindHandlers`` (review, decisions ...).
    """
    _handlers[kind] = KindHandlers(on_restore=on_restore, on_purge=on_purge, **level2)


def kind_handlers(kind: str) -> KindHandlers | None:
    return _handlers.get(kind)


def registered_kinds() -> dict[str, KindHandlers]:
    """Kinds that registered level 2 handlers (the queue's kind filter)."""
    return {kind: h for kind, h in sorted(_handlers.items()) if h.review is not None}


def _form_signals(submission: Submission, now: datetime) -> list[Signal]:
    form = submission.form
    if form is None:
        return []
    found: list[Signal] = []
    if form.honeypot.strip():
        found.append(Signal("honeypot", conf.weight("honeypot")))
    issued = challenges.challenge_read(form.challenge)
    seconds = (now - issued.issued_at).total_seconds()
    if seconds < conf.get("MIN_FILL_SECONDS"):
        found.append(Signal("too_fast", conf.weight("too_fast"), f"{seconds:.0f} s"))
    if form.solution.strip():
        challenges.solution_read(form.solution, issued)
        found.append(Signal("challenge_solved", 0.0))
    else:
        found.append(Signal("no_javascript", 0.0))
    # solved or not, one page's challenge serves one submission
    challenges.challenge_consume(issued)
    return found


def _decide(score: float, signals: list[Signal]) -> str:
    if score >= conf.get("SPAM_SCORE"):
        return Decision.SPAM
    if score >= conf.get("HOLD_SCORE") or any(s.code in FORCED_HOLD for s in signals):
        return Decision.HOLD
    return Decision.PASS


def _reasons(signals: list[Signal]) -> list[str]:
    codes = [s.code for s in sorted(signals, key=lambda s: -s.score) if s.score > 0]
    codes += [s.code for s in signals if s.code in FORCED_HOLD]
    return list(dict.fromkeys(codes))


@transaction.atomic
def level1_check(submission: Submission, *, now: datetime | None = None) -> Outcome:
    """Run every level 1 rule on a submission, store the outcome and return it."""
    now = now or timezone.now()
    shadow = bool(conf.get("SHADOW_MODE"))
    signals: list[Signal] = []
    try:
        ratelimits.rate_limit_check(submission, now=now)
    except RateLimited as refused:
        if not shadow:
            raise
        signals.append(Signal("rate_limited", 0.0, refused.scope))
    signals.extend(_form_signals(submission, now))
    text_fingerprint = rules.fingerprint(submission)
    signals.extend(rules.content_signals(submission, text_fingerprint))
    score = rules.total(signals)
    rules_decision = _decide(score, signals)
    decision = Decision.PASS if shadow else rules_decision
    duplicates = (
        similar_entries(
            submission.title,
            submission.organisation,
            submission.country,
            submission.candidates,
            exclude=[submission.public_id],
        )
        if submission.candidates is not None
        else []
    )
    ratelimits.rate_limit_record(submission, now=now)
    reasons = _reasons(signals)
    check = Level1Check.objects.create(
        kind=submission.kind,
        entry_public_id=submission.public_id,
        language=submission.language,
        country=(submission.country or "")[:2].upper(),
        decision=decision,
        rules_decision=rules_decision,
        score=score,
        signals=[s.as_dict() for s in signals],
        reasons=reasons,
        duplicates=[d.as_dict() for d in duplicates],
        content={
            "title": submission.title,
            "organisation": submission.organisation,
            "texts": list(submission.texts),
            "links": list(submission.links),
        },
        text_fingerprint=text_fingerprint,
        token_id=submission.token_id,
        shadow=shadow,
        spam_until=(
            now + timedelta(days=conf.get("SPAM_KEEP_DAYS")) if decision == Decision.SPAM else None
        ),
    )
    if not classifier.stored_models({classifier.ALL_LANGUAGES}):
        # a fresh installation: learn from the shipped corpus in the background
        _enqueue_training()
    return Outcome(
        check_id=check.pk,
        check_public_id=check.public_id,
        decision=str(decision),
        rules_decision=str(rules_decision),
        score=score,
        reasons=tuple(reasons),
        signals=tuple(signals),
        duplicates=tuple(duplicates),
        shadow=shadow,
    )


@transaction.atomic
def level1_gate(submission: Submission, *, now: datetime | None = None) -> list[Signal]:
    """Level 1 for a save that publishes nothing (a draft): rate limits and the form's
    challenge (checked and consumed); no outcome is stored, the content is checked when
    the entry is submitted. Raises ``VerificationRefused`` like ``level1_check``."""
    now = now or timezone.now()
    signals: list[Signal] = []
    try:
        ratelimits.rate_limit_check(submission, now=now)
    except RateLimited as refused:
        if not conf.get("SHADOW_MODE"):
            raise
        signals.append(Signal("rate_limited", 0.0, refused.scope))
    signals.extend(_form_signals(submission, now))
    ratelimits.rate_limit_record(submission, now=now)
    return signals


def _enqueue_training() -> None:
    from ipsp.verification.tasks import train_classifier

    enqueue_on_commit(train_classifier)


@transaction.atomic
def training_example_add(
    *,
    text: str,
    language: str,
    label: str,
    source: str = ExampleSource.SECRETARIAT,
    check: Level1Check | None = None,
) -> TrainingExample:
    """A labelled text for the classifier (level 2 calls this on its decisions)."""
    example = TrainingExample(
        text=text, language=language, label=label, source=source, check_ref=check
    )
    example.full_clean()
    example.save()
    _enqueue_training()
    return example


@transaction.atomic
def spam_restore(check_id: int, by: User) -> Level1Check:
    """Take an entry out of the spam folder, back to level 2; the classifier learns from it."""
    if not by.has_perm("verification.change_level1check"):
        raise PermissionDenied
    now = timezone.now()
    updated = (
        Level1Check.objects.spam_folder()
        .filter(pk=check_id)
        .update(restored_at=now, restored_by=by)
    )
    if updated != 1:
        raise NotInSpamFolder(
            _("This entry is no longer in the spam folder."), code="not_in_spam_folder"
        )
    check = Level1Check.objects.get(pk=check_id)
    training_example_add(
        text=check.text,
        language=check.language,
        label=Label.HAM,
        source=ExampleSource.RESTORE,
        check=check,
    )
    handlers = _handlers.get(check.kind)
    if handlers and handlers.on_restore:
        handlers.on_restore(check.entry_public_id)
    audit_record(
        check.kind,
        check.entry_public_id,
        "spam_restore",
        by,
        "",
        {"check": check.public_id, "score": check.score},
    )
    if handlers and handlers.review is not None:
        # back in the secretariat's queue (level 2)
        from ipsp.verification.level2 import queue_enter

        queue_enter(
            kind=check.kind, entry_public_id=check.entry_public_id, check=check, origin="restored"
        )
    return check


def spam_purge_expired(*, now: datetime | None = None) -> int:
    """Delete what stayed in the spam folder past its 30 days; returns how many."""
    now = now or timezone.now()
    purged = 0
    expired = Level1Check.objects.spam_folder().filter(spam_until__lt=now)
    for check_id in expired.values_list("pk", flat=True):
        with transaction.atomic():
            check = (
                Level1Check.objects.select_for_update().spam_folder().filter(pk=check_id).first()
            )
            if check is None:
                continue
            handlers = _handlers.get(check.kind)
            if handlers and handlers.on_purge:
                handlers.on_purge(check.entry_public_id)
            check.content = {}
            check.purged_at = now
            check.save(update_fields=["content", "purged_at"])
            purged += 1
    return purged


def purge_expired(*, now: datetime | None = None) -> dict[str, int]:
    """The retention jobs of level 1: network hashes (24 h), used challenges, spam (30 days)."""
    return {
        "rate_events": ratelimits.purge_rate_events(now=now),
        "used_challenges": challenges.purge_used(now=now),
        "spam": spam_purge_expired(now=now),
    }


def classifier_seed_corpus() -> int:
    """Load the training part of the shipped corpus as examples (once); returns how many."""
    if TrainingExample.objects.filter(source=ExampleSource.CORPUS).exists():
        return 0
    items = corpus.load("train")
    TrainingExample.objects.bulk_create(
        TrainingExample(
            text=item.text,
            language=item.language,
            label=item.label,
            source=ExampleSource.CORPUS,
        )
        for item in items
    )
    return len(items)


@transaction.atomic
def classifier_train(*, seed_corpus: bool = True) -> dict[str, int]:
    """Retrain every language's model from the examples; returns examples per model."""
    if seed_corpus:
        classifier_seed_corpus()
    rows = TrainingExample.objects.values_list("text", "language", "label").iterator()
    models = classifier.train(rows)
    now = timezone.now()
    summary = {}
    for language, model in models.items():
        examples = sum(model.docs.values())
        ClassifierModel.objects.update_or_create(
            language=language,
            defaults={"data": model.to_json(), "examples": examples, "trained_at": now},
        )
        summary[language] = examples
    ClassifierModel.objects.exclude(language__in=list(models)).delete()
    logger.info("spam classifier trained: %s", summary)
    return summary
