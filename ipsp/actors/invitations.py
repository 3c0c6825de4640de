"""Invitations (issue 5, point 4): the secretariat, or an import, invites an organisation to
claim and complete a pre-filled draft entry through a one-time link sent by email.

States: ``sent -> opened -> claimed | declined``; ``sent/opened -> bounced`` (delivery
failed for good, or the secretariat says so) and ``-> expired`` (no answer after the
last reminder). Every email of an invitation goes through ``_send``, the one guard
that refuses an ended invitation, an address that declined, bounced or never answered
(``InvitationBlock``, a keyed hash that outlives the contact data), and a reminder
beyond ``settings.INVITATION_REMINDERS``. Writes are guarded updates in one
transaction, with an ``InvitationEvent`` (and a record in the actor's audit trail).
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsp.actors import links
from ipsp.actors.models import (
    CLOSED_STATES,
    Actor,
    ActorLink,
    Invitation,
    InvitationBlock,
    InvitationEvent,
    InvitationPolicy,
    InvitationSend,
    match_key,
)
from ipsp.actors.services import ActorError, _clean_name, _record

if TYPE_CHECKING:
    from ipsp.accounts.models import User

State = Invitation.State
EMAIL_KIND = "actor_invitation"
REASON_MAX = 2000
DECLINE_MAX = 1000
RETENTION_MIN, RETENTION_MAX = 1, 3650


class InvitationError(ActorError):
    """An invitation cannot be created or answered; ``field`` names the form field."""


@dataclass(frozen=True)
class Candidate:
    """An existing entry that may be the invited organisation."""

    public_id: str
    name: str
    state_label: str
    owned: bool


@dataclass(frozen=True)
class Accepted:
    invitation: Invitation
    actor: Actor
    user: User
    raw_token: str | None  # None when the actor went to the contributor already signed in


# --- reads --------------------------------------------------------------------------------


def invitation_candidates(name: str, *, limit: int = 8) -> list[Candidate]:
    """Entries that may be this organisation: the same name (drafts too), then published
    entries whose names resemble it (``actor_suggest``)."""
    from ipsp.actors.queries import actor_suggest

    key = match_key(name)
    found: dict[str, Candidate] = {}
    if key:
        same = (
            Actor.objects.filter(match_key=key)
            .exclude(state__in=CLOSED_STATES)
            .order_by("created_at")[:limit]
        )
        for actor in same:
            found[actor.public_id] = Candidate(
                actor.public_id, actor.name, str(actor.get_state_display()), bool(actor.owner_id)
            )
    similar = actor_suggest(name, limit=limit)
    owners = dict(
        Actor.objects.filter(public_id__in=[s.public_id for s in similar]).values_list(
            "public_id", "owner_id"
        )
    )
    for suggestion in similar:
        if suggestion.public_id not in found:
            found[suggestion.public_id] = Candidate(
                suggestion.public_id,
                suggestion.name,
                str(Actor.State.PUBLISHED.label),
                bool(owners.get(suggestion.public_id)),
            )
    return list(found.values())[:limit]


def is_blocked(email: str) -> bool:
    """True when this address declined, bounced or did not answer an earlier invitation."""
    return InvitationBlock.objects.filter(address_hash__in=links.address_hashes(email)).exists()


def retention_days() -> int:
    policy = InvitationPolicy.objects.order_by("pk").first()
    return policy.retention_days if policy else settings.INVITATION_RETENTION_DAYS


def invitation_by_secret(raw: str) -> Invitation | None:
    """The invitation a link belongs to (whatever its state), or None for a forged link."""
    if not links.secret_is_well_formed(raw):
        return None
    send = (
        InvitationSend.objects.select_related("invitation__actor", "invitation__created_by")
        .filter(secret_hash=links.secret_hash(raw))
        .first()
    )
    return send.invitation if send else None


def is_answerable(invitation: Invitation, now: datetime.datetime | None = None) -> bool:
    return invitation.state in Invitation.OPEN and (now or timezone.now()) < invitation.expires_at


def invitation_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = Invitation.objects.values("state").annotate(n=Count("pk"))
    counts = dict.fromkeys(State.values, 0)
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


# --- helpers -------------------------------------------------------------------------------


def _event(
    invitation: Invitation,
    action: str,
    *,
    by: User | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> None:
    InvitationEvent.objects.create(
        invitation=invitation, action=action, by=by, note=note, at=at or timezone.now()
    )


def _actor_event(actor: Actor, action: str, *, by: User | None = None, note: str = "") -> None:
    """An audit line on the actor that leaves its state as it is."""
    _record(actor, by=by, action=action, from_state=actor.state, to_state=actor.state, note=note)


def _block(email: str, reason: str) -> None:
    if not email:
        return
    if is_blocked(email):
        return
    try:
        with transaction.atomic():
            InvitationBlock.objects.create(
                address_hash=links.address_hashes(email)[0], reason=reason
            )
    except IntegrityError:  # blocked by a concurrent answer: once is enough
        pass


def _lifetime() -> datetime.timedelta:
    """From the first email to expiry: the first wait and one wait after each reminder."""
    days = settings.INVITATION_REMINDER_DAYS * (settings.INVITATION_REMINDERS + 1)
    return datetime.timedelta(days=days)


def _clean_email(email: str) -> str:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError(
            "contact_email", _("Enter a valid email address, like name@example.org.")
        ) from None
    return email


def _clean_website(website: str) -> str:
    website = website.strip()
    if not website:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(website)
    except ValidationError:
        raise InvitationError(
            "website", _("Enter a full web address beginning with https:// or http://.")
        ) from None
    return website


def _language(code: str) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    if code not in known:
        raise InvitationError("language", _("Choose one of the languages in the list."))
    return code


def _draft_for(name: str, website: str, language: str, by: User | None) -> Actor:
    actor = Actor(name=name, state=Actor.State.DRAFT, language=language)
    actor.save()
    if website:
        host = urlsplit(website).hostname or website
        ActorLink.objects.create(actor=actor, url=website, title=host[:200], order=0)
    _record(actor, by=by, action="create_for_invitation", from_state="", to_state=Actor.State.DRAFT)
    from ipsp.actors.services import _refresh_public_names

    _refresh_public_names(actor)
    return actor


# --- the one door of every invitation email ------------------------------------------------


def _send(invitation: Invitation, *, reminder: int, now: datetime.datetime) -> bool:
    """Email the invitation (``reminder`` 0) or its reminder number ``reminder``, if allowed.

    Refused (False, nothing sent) when the invitation is no longer open or has expired,
    when its address is blocked or was deleted, and for a reminder that is not the next
    one or is beyond ``settings.INVITATION_REMINDERS``. The guarded update makes two
    concurrent runs send one message.
    """
    from ipsp.notifications.services import email_send, site_url

    if reminder > settings.INVITATION_REMINDERS or now >= invitation.expires_at:
        return False
    if not invitation.contact_email or is_blocked(invitation.contact_email):
        return False
    rows = Invitation.objects.filter(pk=invitation.pk, state__in=Invitation.OPEN)
    if reminder == 0:
        changed = rows.filter(last_sent_at__isnull=True).update(last_sent_at=now)
    else:
        changed = rows.filter(reminders_sent=reminder - 1).update(
            reminders_sent=reminder, last_sent_at=now
        )
    if changed != 1:
        return False
    secret = links.secret_new()
    language = invitation.language
    message = email_send(
        kind=EMAIL_KIND,
        to=invitation.contact_email,
        language=language,
        context={
            "organisation_name": invitation.organisation_name,
            "contact_name": invitation.contact_name,
            "reason": invitation.reason,
            "link": site_url("actors:invitation", language, secret=secret.raw),
            "reminder": reminder,
            "expires_at": invitation.expires_at,
        },
        sensitive=True,  # the one-time link leaves the database once delivered
    )
    InvitationSend.objects.create(
        invitation=invitation,
        reminder=reminder,
        sent_at=now,
        secret_hash=secret.hash,
        email_id=message.pk,
    )
    _event(invitation, "reminded" if reminder else "sent", at=now, note=str(reminder or ""))
    return True


# --- writes ---------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    organisation_name: str,
    contact_email: str,
    reason: str,
    website: str = "",
    contact_name: str = "",
    language: str = "en",
    actor: Actor | None = None,
    by: User | None = None,
    source: str = "secretariat",
    now: datetime.datetime | None = None,
) -> Invitation:
    """Invite an organisation: a new pre-filled draft (or the existing ``actor``), and the
    email with its one-time link, sent when the transaction commits.

    For the secretariat's form and for imports. Raises ``InvitationError`` naming the
    field: bad address, blocked address, an open invitation to the same address already,
    missing name or reason, a closed actor."""
    now = now or timezone.now()
    try:
        name = _clean_name(organisation_name)
    except ActorError as error:
        raise InvitationError("organisation_name", error.message) from None
    email = _clean_email(contact_email)
    reason = reason.strip()
    if not reason:
        raise InvitationError("reason", _("Say why this organisation is invited."))
    if len(reason) > REASON_MAX:
        raise InvitationError(
            "reason", _("The reason is at most %(max)s characters.") % {"max": REASON_MAX}
        )
    website = _clean_website(website)
    language = _language(language)
    if is_blocked(email):
        raise InvitationError(
            "contact_email",
            _(
                "This address declined, bounced or did not answer an earlier invitation: "
                "it is not invited again."
            ),
        )
    if Invitation.objects.filter(
        contact_email__iexact=email, state__in=Invitation.OPEN, expires_at__gt=now
    ).exists():
        raise InvitationError(
            "contact_email", _("An invitation to this address is already waiting for an answer.")
        )
    if actor is not None:
        actor = Actor.objects.select_for_update().get(pk=actor.pk)
        if actor.state in CLOSED_STATES:
            raise InvitationError("actor", _("This organisation's entry is closed."))
    else:
        actor = _draft_for(name, website, language, by)
    invitation = Invitation.objects.create(
        actor=actor,
        organisation_name=name,
        website=website,
        contact_name=" ".join(contact_name.split())[:200],
        contact_email=email,
        reason=reason,
        language=language,
        source=source[:100],
        created_by=by,
        expires_at=now + _lifetime(),
    )
    _event(invitation, "created", by=by, at=now, note=source[:100])
    _actor_event(actor, "invited", by=by, note=invitation.public_id)
    _send(invitation, reminder=0, now=now)
    invitation.refresh_from_db()
    return invitation


@transaction.atomic
def invitation_open(*, invitation: Invitation) -> None:
    """The invitee opened the link (a mail scanner may, too): ``sent -> opened``, once."""
    now = timezone.now()
    changed = Invitation.objects.filter(
        pk=invitation.pk, state=State.SENT, expires_at__gt=now
    ).update(state=State.OPENED, opened_at=now)
    if changed == 1:
        _event(invitation, "opened", at=now)
        invitation.refresh_from_db()


def _answer(
    invitation: Invitation, new_state: str, now: datetime.datetime, **fields: object
) -> None:
    changed = Invitation.objects.filter(
        pk=invitation.pk, state__in=Invitation.OPEN, expires_at__gt=now
    ).update(state=new_state, answered_at=now, **fields)
    if changed != 1:
        raise InvitationError(None, _("This invitation was already answered or has expired."))


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    current_user: User | None = None,
    language: str = "en",
    contact_email: str = "",
    consent_text: str = "",
) -> Accepted:
    """Claim the pre-filled entry, once. A visitor becomes a new contributor with an access
    token (shown once, emailed when they give an address: ``contributor_welcome``); a
    contributor already signed in gets the entry on their own token."""
    from ipsp.accounts.services import contributor_welcome

    now = timezone.now()
    actor = Actor.objects.select_for_update().get(pk=invitation.actor_id)
    if actor.state in CLOSED_STATES:
        raise InvitationError(None, _("This organisation's entry is closed."))
    raw: str | None = None
    if current_user is None:
        issued = contributor_welcome(
            language=language,
            contact_email=contact_email,
            consent_text=consent_text if contact_email else "",
        )
        user, raw = issued.token.user, issued.raw
    else:
        user = current_user
    _answer(invitation, State.CLAIMED, now, claimed_by=user)
    previous = actor.owner_id
    Actor.objects.filter(pk=actor.pk).update(owner=user)
    actor.refresh_from_db()
    _event(invitation, "claimed", by=user, at=now)
    _actor_event(
        actor,
        "claimed_by_invitation",
        by=user,
        note=invitation.public_id + (f" (previous contributor {previous})" if previous else ""),
    )
    invitation.refresh_from_db()
    return Accepted(invitation=invitation, actor=actor, user=user, raw_token=raw)


@transaction.atomic
def invitation_decline(*, invitation: Invitation, reason: str = "") -> Invitation:
    """The invitee says no: never emailed again (their address is blocked)."""
    now = timezone.now()
    reason = reason.strip()
    if len(reason) > DECLINE_MAX:
        raise InvitationError(
            "reason", _("The reason is at most %(max)s characters.") % {"max": DECLINE_MAX}
        )
    _answer(invitation, State.DECLINED, now, ended_at=now, decline_reason=reason)
    _block(invitation.contact_email, State.DECLINED)
    _event(invitation, "declined", at=now)
    invitation.refresh_from_db()
    return invitation


@transaction.atomic
def invitation_bounce(
    *, invitation: Invitation, by: User | None = None, note: str = ""
) -> Invitation:
    """The invitation could not be delivered (the mail system says so, or the secretariat
    learned it): no more email to that address."""
    now = timezone.now()
    changed = Invitation.objects.filter(pk=invitation.pk, state__in=Invitation.OPEN).update(
        state=State.BOUNCED, ended_at=now
    )
    if changed != 1:
        raise InvitationError(None, _("Only an invitation waiting for an answer can bounce."))
    _block(invitation.contact_email, State.BOUNCED)
    _event(invitation, "bounced", by=by, at=now, note=note.strip()[:500])
    invitation.refresh_from_db()
    return invitation


def invitation_bounce_for_email(message_id: int) -> None:
    """Notifications' handler of a message that failed for good (``register_failure_handler``)."""
    send = InvitationSend.objects.select_related("invitation").filter(email_id=message_id).first()
    if send is None or send.invitation.state not in Invitation.OPEN:
        return
    with contextlib.suppress(InvitationError):  # answered meanwhile
        invitation_bounce(invitation=send.invitation, note="delivery failed")


@transaction.atomic
def _expire(invitation: Invitation, now: datetime.datetime) -> bool:
    changed = Invitation.objects.filter(
        pk=invitation.pk, state__in=Invitation.OPEN, expires_at__lte=now
    ).update(state=State.EXPIRED, ended_at=now)
    if changed != 1:
        return False
    _block(invitation.contact_email, State.EXPIRED)
    _event(invitation, "expired", at=now)
    return True


def invitations_remind(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """The daily job: send the reminders that are due, expire the invitations nobody
    answered after the last one. Returns (reminders sent, invitations expired)."""
    now = now or timezone.now()
    expired = sum(
        _expire(invitation, now)
        for invitation in Invitation.objects.filter(
            state__in=Invitation.OPEN, expires_at__lte=now
        ).iterator()
    )
    due_before = now - datetime.timedelta(days=settings.INVITATION_REMINDER_DAYS)
    reminded = 0
    for invitation in Invitation.objects.filter(
        state__in=Invitation.OPEN,
        reminders_sent__lt=settings.INVITATION_REMINDERS,
        last_sent_at__lte=due_before,
        expires_at__gt=now,
    ).iterator():
        with transaction.atomic():
            reminded += _send(invitation, reminder=invitation.reminders_sent + 1, now=now)
    return reminded, expired


@transaction.atomic
def invitation_contacts_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the contact data of invitations that ended (declined, expired, bounced) longer
    than the retention period ago. The blocks (keyed hashes) stay."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    return Invitation.objects.filter(
        state__in=Invitation.ENDED, ended_at__lte=cutoff, contacts_purged_at__isnull=True
    ).update(contact_email="", contact_name="", decline_reason="", contacts_purged_at=now)


@transaction.atomic
def invitation_retention_set(*, days: int, by: User) -> InvitationPolicy:
    if not RETENTION_MIN <= days <= RETENTION_MAX:
        raise InvitationError(
            "retention_days",
            _("Give a number of days between %(min)s and %(max)s.")
            % {"min": RETENTION_MIN, "max": RETENTION_MAX},
        )
    policy = InvitationPolicy.objects.select_for_update().order_by("pk").first()
    if policy is None:
        return InvitationPolicy.objects.create(retention_days=days, updated_by=by)
    policy.retention_days = days
    policy.updated_by = by
    policy.save()
    return policy
