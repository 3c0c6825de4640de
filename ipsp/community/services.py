"""Writes of the message relay: start a conversation, answer, read, block, unblock.

Every message passes level 1 (``ipsp.verification``: rules, classifier, copies of
the same text sent elsewhere) inside the transaction that stores it. A message
that level 1 calls spam is kept ``held``: only its author sees it, nobody is
emailed, and the secretariat finds it in the spam folder (``Level1Check``, kind
``message``); restoring it there delivers it (``message_release``). Emails go out
through ``ipsp.notifications`` once the transaction commits, so a refused or
failed write sends nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ipsp.accounts.models import User
from ipsp.community import conf
from ipsp.community.access import can_send
from ipsp.community.entries import Entry, entry_get, has_published_entries, speaks_for
from ipsp.community.labels import participant_label
from ipsp.community.models import (
    BODY_MAX,
    ENTRY_TITLE_MAX,
    SUBJECT_MAX,
    Block,
    Conversation,
    Message,
    Participant,
)
from ipsp.core.panels import PanelEntry
from ipsp.core.siteurl import site_url
from ipsp.notifications.models import Category
from ipsp.notifications.services import email_send
from ipsp.verification import services as verification
from ipsp.verification.ratelimits import humanise
from ipsp.verification.types import Submission, VerificationRefused

KIND = "message"  # the kind of submission level 1 sees
DAY = timedelta(hours=24)
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")


class MessageRefused(Exception):
    """A message that cannot be sent; ``field`` names the form field to show it at."""

    def __init__(self, message: str | Promise, *, code: str, field: str = "__all__") -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Sent:
    conversation: Conversation
    message: Message
    created: bool  # False when the same form was posted again: nothing new was written

    @property
    def held(self) -> bool:
        return self.message.state == Message.State.HELD


# --- checks -----------------------------------------------------------------------------


def _clean_subject(subject: str) -> str:
    subject = " ".join((subject or "").split())
    if not subject:
        raise MessageRefused(_("Write a subject."), code="subject_empty", field="subject")
    if len(subject) > SUBJECT_MAX:
        raise MessageRefused(
            _("The subject is too long: at most %(max)d characters.") % {"max": SUBJECT_MAX},
            code="subject_long",
            field="subject",
        )
    return subject


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise MessageRefused(_("Write a message."), code="body_empty", field="body")
    if len(body) > BODY_MAX:
        raise MessageRefused(
            _("The message is too long: at most %(max)d characters.") % {"max": BODY_MAX},
            code="body_long",
            field="body",
        )
    return body


def _clean_key(key: str) -> str:
    if not SUBMISSION_KEY.fullmatch(key or ""):
        raise MessageRefused(
            _("This form has expired. Please copy your text and open the page again."),
            code="form_key",
        )
    return key


def _check_sender(user: User) -> None:
    if not can_send(user):
        raise MessageRefused(
            _("Sign in with your access token to write to other contributors."), code="sign_in"
        )


def blocks_refusal(*, by_them: bool, by_you: bool) -> MessageRefused | None:
    """Why one cannot write when one of the others blocked one (``by_them``) or the
    other way round (``by_you``), or None."""
    if by_them:
        return MessageRefused(
            _("This contributor does not accept messages from you."), code="blocked_by_them"
        )
    if by_you:
        return MessageRefused(
            _("You blocked this contributor. Unblock them on your “My entries” page to write."),
            code="blocked_by_you",
        )
    return None


def block_refusal(author: User, ids: list[int]) -> MessageRefused | None:
    """Why ``author`` cannot write to the people ``ids`` because of a block, or None."""
    return blocks_refusal(
        by_them=Block.objects.filter(blocker_id__in=ids, blocked=author).exists(),
        by_you=Block.objects.filter(blocker=author, blocked_id__in=ids).exists(),
    )


def _check_blocks(author: User, others: list[User]) -> None:
    refused = block_refusal(author, [other.pk for other in others])
    if refused is not None:
        raise refused


def _check_rate(author: User, *, new_conversation: bool) -> None:
    now = timezone.now()
    since = now - DAY
    limits: list[tuple[str, QuerySet[Any]]] = []
    if new_conversation:
        limits.append(
            (
                "NEW_CONVERSATIONS_PER_DAY",
                Conversation.objects.filter(started_by=author, created_at__gt=since),
            )
        )
    limits.append(("MESSAGES_PER_DAY", Message.objects.filter(author=author, created_at__gt=since)))
    for name, recent in limits:
        allowed = conf.get(name)
        used = recent.count()
        if used >= allowed:
            # the write that frees a place: one row, not the whole day's
            frees_at = (
                recent.order_by("created_at").values_list("created_at", flat=True)[used - allowed]
                + DAY
            )
            wait = humanise(max(frees_at - now, timedelta(seconds=1)))
            raise MessageRefused(
                _("You have written many messages today. Please try again in %(duration)s.")
                % {"duration": wait},
                code="rate",
            )


def entry_refusal(entry: Entry | PanelEntry | None, user: object) -> MessageRefused | None:
    """Why ``user`` cannot write about ``entry`` (entry-level reasons only), or None.
    ``entry``: community's own, or the one an entry page hands its panels."""
    if entry is None or not entry.published:
        return MessageRefused(
            _("This entry is not published: it cannot receive messages."), code="not_published"
        )
    holder_ids = list(entry.holder_ids)
    if getattr(user, "pk", None) in holder_ids:
        return MessageRefused(_("This is your own entry."), code="own_entry")
    if not holder_ids:
        return MessageRefused(
            _("Nobody can receive messages for this entry yet."), code="no_recipient"
        )
    if isinstance(user, User):
        return block_refusal(user, list(holder_ids))
    return None


def _existing(author: User, key: str) -> Sent | None:
    message = (
        Message.objects.select_related("conversation").filter(author=author, submission_key=key)
    ).first()
    if message is None:
        return None
    return Sent(conversation=message.conversation, message=message, created=False)


def _write_once(author: User, key: str, write: Callable[[], Sent]) -> Sent:
    """Run ``write``; when the same form was posted twice at once, the other request wrote it."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        again = _existing(author, key)
        if again is None:
            raise
        return again


def _level1(message: Message, *, subject: str, author: User, language: str) -> None:
    """Run level 1 on the message; spam is held. Raises MessageRefused when refused."""
    submission = Submission(
        kind=KIND,
        public_id=message.public_id,
        language=language,
        title=subject,
        texts=(message.body,),
        # no token, network or email keys: the relay counts its own limits (conf.py), so
        # messages neither use up nor vouch for the budget of entry submissions
        token_known_good=message.author.is_staff or has_published_entries(message.author),
    )
    try:
        outcome = verification.level1_check(submission)
    except VerificationRefused as refused:
        raise MessageRefused(refused.message, code=refused.code, field="body") from refused
    fields = ["check_public_id", "state", "delivered_at"]
    message.check_public_id = outcome.check_public_id
    if outcome.is_spam:
        message.state = Message.State.HELD
        message.delivered_at = None
    message.save(update_fields=fields)


# --- writes -----------------------------------------------------------------------------


@transaction.atomic
def conversation_start(
    *,
    sender: User,
    kind: str,
    entry_public_id: str,
    subject: str,
    body: str,
    submission_key: str,
    language: str,
) -> Sent:
    """Write to the holders of an entry: a new conversation with its first message."""
    _check_sender(sender)
    key = _clean_key(submission_key)
    again = _existing(sender, key)
    if again is not None:
        return again
    subject = _clean_subject(subject)
    body = _clean_body(body)
    entry = entry_get(kind, entry_public_id)
    refused = entry_refusal(entry, sender)
    if refused is not None:
        raise refused
    assert entry is not None
    _check_rate(sender, new_conversation=True)
    now = timezone.now()

    def write() -> Sent:
        conversation = Conversation.objects.create(
            entry_kind=entry.kind,
            entry_public_id=entry.public_id,
            entry_title=entry.title[:ENTRY_TITLE_MAX],
            subject=subject,
            started_by=sender,
            created_at=now,
            last_message_at=now,
        )
        Participant.objects.create(
            conversation=conversation,
            user=sender,
            side=Participant.Side.SENDER,
            speaks_for=speaks_for(sender)[:ENTRY_TITLE_MAX],
            language=language,
            last_read_at=now,
        )
        Participant.objects.bulk_create(
            Participant(
                conversation=conversation,
                user=holder.user,
                side=Participant.Side.HOLDER,
                speaks_for=entry.title[:ENTRY_TITLE_MAX],
                language=holder.language,
            )
            for holder in entry.holders
        )
        message = Message.objects.create(
            conversation=conversation,
            author=sender,
            body=body,
            submission_key=key,
            created_at=now,
            delivered_at=now,
        )
        return Sent(conversation=conversation, message=message, created=True)

    sent = _write_once(sender, key, write)
    if not sent.created:
        return sent
    message = sent.message
    _level1(message, subject=subject, author=sender, language=language)
    if message.state == Message.State.DELIVERED:
        message_notify(message)
    return sent


@transaction.atomic
def message_reply(
    *, conversation: Conversation, author: User, body: str, submission_key: str, language: str
) -> Sent:
    """Answer in a conversation one takes part in."""
    _check_sender(author)
    seat = Participant.objects.filter(conversation=conversation, user=author).first()
    if seat is None:
        raise MessageRefused(
            _("You do not take part in this conversation."), code="not_participant"
        )
    key = _clean_key(submission_key)
    again = _existing(author, key)
    if again is not None:
        return again
    body = _clean_body(body)
    others = [
        p.user
        for p in Participant.objects.select_related("user")
        .filter(conversation=conversation)
        .exclude(user=author)
    ]
    _check_blocks(author, others)
    _check_rate(author, new_conversation=False)
    now = timezone.now()
    sent = _write_once(
        author,
        key,
        lambda: Sent(
            conversation=conversation,
            message=Message.objects.create(
                conversation=conversation,
                author=author,
                body=body,
                submission_key=key,
                created_at=now,
                delivered_at=now,
            ),
            created=True,
        ),
    )
    if not sent.created:
        return sent
    message = sent.message
    _level1(message, subject=conversation.subject, author=author, language=language)
    Participant.objects.filter(pk=seat.pk).update(last_read_at=now, language=language)
    if message.state == Message.State.DELIVERED:
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
        message_notify(message)
    return sent


def conversation_mark_read(*, conversation: Conversation, user: User) -> None:
    Participant.objects.filter(conversation=conversation, user=user).update(
        last_read_at=timezone.now()
    )


@transaction.atomic
def block_add(*, blocker: User, blocked: User, label: str = "") -> Block:
    """``blocker`` stops receiving messages from ``blocked`` (idempotent)."""
    if blocker.pk == blocked.pk:
        raise MessageRefused(_("You cannot block yourself."), code="block_self")
    block, _created = Block.objects.get_or_create(
        blocker=blocker, blocked=blocked, defaults={"label": label[: ENTRY_TITLE_MAX + 40]}
    )
    return block


@transaction.atomic
def block_remove(*, blocker: User, blocked: User) -> bool:
    deleted, _count = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)


# --- spam folder (level 1 handlers) ------------------------------------------------------


@transaction.atomic
def message_release(public_id: str) -> None:
    """The secretariat restored a held message from the spam folder: deliver it now."""
    now = timezone.now()
    changed = Message.objects.filter(public_id=public_id, state=Message.State.HELD).update(
        state=Message.State.DELIVERED, delivered_at=now
    )
    if changed != 1:
        return
    message = Message.objects.select_related("conversation", "author").get(public_id=public_id)
    Conversation.objects.filter(pk=message.conversation_id).update(last_message_at=now)
    message_notify(message)


@transaction.atomic
def message_erase(public_id: str) -> None:
    """A held message left the spam folder for good (30 days): its text is deleted."""
    Message.objects.filter(public_id=public_id, state=Message.State.HELD).update(
        state=Message.State.REMOVED, body=""
    )


# --- email ------------------------------------------------------------------------------


def _address(participant: Participant, entry: Entry | None) -> str:
    if participant.side == Participant.Side.HOLDER:
        for holder in entry.holders if entry else ():
            if holder.user.pk == participant.user_id:
                return holder.address
    return participant.user.notification_email if participant.user.is_active else ""


def message_notify(message: Message) -> int:
    """Email every other participant who can be reached; returns how many were written to.

    The email names the author by ``participant_label`` and links to the conversation on
    the platform: it carries no address but the recipient's own, and no text of the message.
    """
    conversation = message.conversation
    seats = list(Participant.objects.select_related("user").filter(conversation=conversation))
    author_seat = next((s for s in seats if s.user_id == message.author_id), None)
    blockers = set(
        Block.objects.filter(blocked_id=message.author_id).values_list("blocker_id", flat=True)
    )
    # the holders' addresses come from the entry as it is now: asked once, not per seat
    entry = entry_get(conversation.entry_kind, conversation.entry_public_id)
    written = 0
    for seat in seats:
        if seat.user_id == message.author_id or seat.user_id in blockers:
            continue
        to = _address(seat, entry)
        if not to:
            continue
        with translation.override(seat.language):
            sender = participant_label(author_seat) if author_seat else _("a contributor")
            sender = str(sender)
        email_send(
            kind="message_received",
            to=to,
            language=seat.language,
            context={
                "sender": sender,
                "entry_title": conversation.entry_title,
                "conversation_url": site_url(
                    "community:conversation", seat.language, public_id=conversation.public_id
                ),
            },
            category=Category.MESSAGES,
        )
        written += 1
    return written
