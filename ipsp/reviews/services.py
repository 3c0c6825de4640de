"""Writes of the reviews package: adding and withdrawing flags.

Each is one transaction, guarded, with a record in the audit trail (who, when,
why). When an entry's first live flag appears or its last one is withdrawn, the
search index is told once the transaction has committed (``entry_flag_set``), so
flagged entries rank higher and show in the "flagged" facet; an organisation's count
of flags in the rising actors' table changes in the flag's own transaction.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsp.accounts.models import User
from ipsp.reviews import access
from ipsp.reviews.entries import KINDS, canonical, entry_ids, published_entry
from ipsp.reviews.facts import flags_refresh
from ipsp.reviews.models import NOTE_MAX, REASON_MAX, Flag
from ipsp.reviews.queries import has_live_flag
from ipsp.verification.audit import audit_record


class FlagError(ValueError):
    """A flag that cannot be added or withdrawn; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class FlagForbidden(PermissionError):
    pass


def _index_follows(kind: str, public_id: str) -> None:
    """After commit, mark the entry flagged in the index exactly when it has a live flag."""

    def apply() -> None:
        from ipsp.search.services import entry_flag_set

        entry = canonical(kind, public_id)
        entry_flag_set(kind=kind, public_id=entry, flagged=has_live_flag(kind, entry))

    transaction.on_commit(apply)


@transaction.atomic
def flag_add(*, kind: str, public_id: str, category: str, reason: str, by: User) -> Flag:
    """``by`` flags the published entry ``kind``/``public_id`` as ``category`` for ``reason``."""
    if not access.can_flag(by):
        raise FlagForbidden
    if kind not in KINDS or published_entry(kind, public_id) is None:
        raise FlagError("entry", _("Only published entries can be flagged."))
    if category not in Flag.Category.values:
        raise FlagError("category", _("Choose one of the listed categories."))
    reason = (reason or "").strip()
    if not reason:
        raise FlagError("reason", _("Say why this entry deserves attention."))
    if len(reason) > REASON_MAX:
        raise FlagError(
            "reason",
            _("Keep the reason under %(max)d characters (it has %(count)d).")
            % {"max": REASON_MAX, "count": len(reason)},
        )
    live = Flag.objects.live().of_entries(kind, entry_ids(kind, public_id))
    if live.filter(created_by=by).exists():
        raise FlagError("entry", _("You have already flagged this entry."))
    first = not live.exists()
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                kind=kind,
                entry_public_id=public_id,
                category=category,
                reason=reason,
                created_by=by,
                created_at=timezone.now(),
            )
    except IntegrityError as error:  # the same person, twice at once
        raise FlagError("entry", _("You have already flagged this entry.")) from error
    audit_record(
        kind,
        public_id,
        "flag_add",
        by,
        note=reason,
        data={"category": category},
        at=flag.created_at,
    )
    if first:
        _index_follows(kind, public_id)
    if kind == "actor":
        flags_refresh(public_id=public_id)
    return flag


@transaction.atomic
def flag_withdraw(*, flag: Flag, by: User, note: str = "") -> Flag:
    """Withdraw a live flag: one's own, or anyone's for the secretariat. The record stays."""
    if not access.can_withdraw(by, flag.created_by_id):
        raise FlagForbidden
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise FlagError(
            "note",
            _("Keep the note under %(max)d characters (it has %(count)d).")
            % {"max": NOTE_MAX, "count": len(note)},
        )
    now = timezone.now()
    changed = Flag.objects.filter(pk=flag.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=by, withdrawal_note=note
    )
    if changed != 1:
        raise FlagError("entry", _("This flag has already been withdrawn."))
    audit_record(
        flag.kind,
        flag.entry_public_id,
        "flag_withdraw",
        by,
        note=note,
        data={"category": flag.category, "flagged_by": flag.created_by_id},
        at=now,
    )
    entry = canonical(flag.kind, flag.entry_public_id)
    if not Flag.objects.live().of_entries(flag.kind, entry_ids(flag.kind, entry)).exists():
        _index_follows(flag.kind, entry)
    if flag.kind == "actor":
        flags_refresh(public_id=entry)
    flag.refresh_from_db()
    return flag
