"""The message relay: conversations between a contributor and the holders of an entry.

A ``Conversation`` is about one entry (an organisation or an initiative) and has
``Participant`` rows: the person who wrote first and the entry's holders at that
moment. Nobody's email address is stored here or shown anywhere: people reach each
other through the platform, and the notification email only links to it. A
``Message`` held by level 1 as spam stays ``held`` (seen by its author only) until
the secretariat restores it from the spam folder. ``Block`` is per person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipsp.core.models import PublicIdField

SUBJECT_MAX = 150
BODY_MAX = 5000
ENTRY_TITLE_MAX = 300


class EntryKind(models.TextChoices):
    ACTOR = "actor", _("Organisation")
    INITIATIVE = "initiative", _("Initiative")


class Conversation(models.Model):
    public_id = PublicIdField()
    entry_kind = models.CharField(_("kind of entry"), max_length=20, choices=EntryKind.choices)
    entry_public_id = models.CharField(_("entry"), max_length=40, db_index=True)
    entry_title = models.CharField(
        _("entry's title"),
        max_length=ENTRY_TITLE_MAX,
        help_text=_("As it was when the conversation began."),
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Participant(models.Model):
    class Side(models.TextChoices):
        SENDER = "sender", _("Wrote first")
        HOLDER = "holder", _("Holds the entry")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    # The entry the person speaks for, shown when they have no display name
    # ("a contributor of Maji Safi"): never their address.
    speaks_for = models.CharField(_("speaks for"), max_length=ENTRY_TITLE_MAX, blank=True)
    language = models.CharField(_("language of notifications"), max_length=10, default="en")
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="community_one_seat_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}:{self.user_id}"


class Message(models.Model):
    class State(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        HELD = "held", _("Awaiting a check")
        REMOVED = "removed", _("Removed")

    public_id = PublicIdField()
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=BODY_MAX)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DELIVERED, db_index=True
    )
    check_public_id = models.CharField(_("level 1 check"), max_length=20, blank=True)
    # The one-time key of the form that sent it: the same form posted twice is one message.
    submission_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="community_one_message_per_form"
            )
        ]

    def __str__(self) -> str:
        return self.public_id


class Block(models.Model):
    """``blocker`` receives no message from ``blocked`` (any entry, any conversation)."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # How the blocker knew the other person (their label then), to list it on My entries.
    label = models.CharField(_("shown as"), max_length=ENTRY_TITLE_MAX + 40, blank=True)
    created_at = models.DateTimeField(_("blocked"), default=timezone.now)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="community_one_block")
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
