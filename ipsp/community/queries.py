"""Reads of the message relay: a person's conversations with their unread counts, the
messages of one conversation as one participant sees them, the people one blocked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from ipsp.accounts.models import User
from ipsp.community.labels import participant_label
from ipsp.community.models import Block, Conversation, Message, Participant


def _visible_messages(user: User) -> Q:
    """Delivered messages, and one's own held ones (awaiting the secretariat's check)."""
    return Q(state=Message.State.DELIVERED) | Q(author=user, state=Message.State.HELD)


@dataclass(frozen=True)
class ConversationRow:
    public_id: str
    subject: str
    entry_title: str
    entry_kind_label: str
    others: str
    last_message_at: datetime
    unread: int


def conversations_for(user: User) -> list[ConversationRow]:
    """The person's conversations, most recent first, with how many messages they have not read."""
    unread = {
        seat.conversation_id: seat.unread  # type: ignore[attr-defined]
        for seat in _seats_with_unread(user)
    }
    if not unread:
        return []
    visible = Message.objects.filter(conversation=OuterRef("pk")).filter(_visible_messages(user))
    conversations = list(
        Conversation.objects.filter(pk__in=unread.keys())
        .filter(Exists(visible))
        .prefetch_related("participants__user")
        .order_by("-last_message_at", "-pk")
    )
    rows = []
    for conversation in conversations:
        others = [p for p in conversation.participants.all() if p.user_id != user.pk]
        rows.append(
            ConversationRow(
                public_id=conversation.public_id,
                subject=conversation.subject,
                entry_title=conversation.entry_title,
                entry_kind_label=str(conversation.get_entry_kind_display()),
                others=", ".join(participant_label(p) for p in others),
                last_message_at=conversation.last_message_at,
                unread=unread.get(conversation.pk, 0),
            )
        )
    return rows


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _seats_with_unread(user: User) -> QuerySet[Participant]:
    """The person's seats, each with ``unread``: messages of others delivered since they read."""
    since = Coalesce(OuterRef("last_read_at"), Value(EPOCH, output_field=DateTimeField()))
    unread = (
        Message.objects.filter(
            conversation=OuterRef("conversation_id"),
            state=Message.State.DELIVERED,
            delivered_at__gt=since,
        )
        .exclude(author=user)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Participant.objects.filter(user=user).annotate(
        unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0)
    )


def unread_total(user: User) -> int:
    return sum(seat.unread for seat in _seats_with_unread(user))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class MessageView:
    public_id: str
    author_label: str
    mine: bool
    body: str
    held: bool
    at: datetime


def conversation_messages(conversation: Conversation, user: User) -> list[MessageView]:
    seats = {p.user_id: p for p in conversation.participants.select_related("user")}
    shown = []
    for message in conversation.messages.filter(_visible_messages(user)).order_by(
        "created_at", "pk"
    ):
        seat = seats.get(message.author_id)
        shown.append(
            MessageView(
                public_id=message.public_id,
                author_label=participant_label(seat) if seat else "",
                mine=message.author_id == user.pk,
                body=message.body,
                held=message.state == Message.State.HELD,
                at=message.delivered_at or message.created_at,
            )
        )
    return shown


@dataclass(frozen=True)
class OtherPerson:
    public_id: str  # the user's public id: what the block form names
    label: str
    blocked_by_me: bool
    blocked_me: bool


def conversation_others(conversation: Conversation, user: User) -> list[OtherPerson]:
    others = [p for p in conversation.participants.select_related("user") if p.user_id != user.pk]
    ids = [p.user_id for p in others]
    mine = set(
        Block.objects.filter(blocker=user, blocked_id__in=ids).values_list("blocked_id", flat=True)
    )
    theirs = set(
        Block.objects.filter(blocked=user, blocker_id__in=ids).values_list("blocker_id", flat=True)
    )
    return [
        OtherPerson(
            public_id=p.user.public_id,
            label=participant_label(p),
            blocked_by_me=p.user_id in mine,
            blocked_me=p.user_id in theirs,
        )
        for p in others
    ]


def participant_by_user_public_id(conversation: Conversation, public_id: str) -> Participant | None:
    return (
        conversation.participants.select_related("user").filter(user__public_id=public_id).first()
    )


def blocks_by(user: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")
