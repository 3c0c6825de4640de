"""Outgoing email and unsubscriptions.

An ``OutgoingEmail`` is rendered once, stored, and delivered by a retrying
background task that takes only its id. Its ``state`` moves only through guarded
updates (``filter(pk=…, state=old).update(state=new)``), so a message is never sent
twice even when two workers run its task at once. A ``Suppression`` records that an
address asked for no more mail of one non-transactional category.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WIPED = "[removed after delivery]"


class Category(models.TextChoices):
    """Why someone gets a message; everything but transactional mail can be unsubscribed."""

    TRANSACTIONAL = "transactional", _("Transactional (tokens, decisions about one's entries)")
    REMINDERS = "reminders", _("Reminders")
    DIGESTS = "digests", _("Digests")
    MATCHES = "matches", _("Matches and suggestions")
    MESSAGES = "messages", _("Messages from other contributors")


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def in_state(self, state: str) -> OutgoingEmailQuerySet:
        return self.filter(state=state)


class OutgoingEmail(models.Model):
    """One message to one address, and the record of its delivery.

    Messages marked ``sensitive`` (those that carry an access token or a recovery
    link) lose their text once delivered or given up on, so a secret never stays in
    the database longer than it takes to send it.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Not sent: unsubscribed")

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.TRANSACTIONAL
    )
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    unsubscribe_url = models.URLField(_("unsubscribe address"), max_length=600, blank=True)
    sensitive = models.BooleanField(_("sensitive"), default=False)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(_("last attempt started"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    gave_up_at = models.DateTimeField(_("given up"), null=True, blank=True)
    resends = models.PositiveSmallIntegerField(_("sent again by staff"), default=0)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        permissions = [("resend_outgoingemail", _("Can send a failed email again"))]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}"

    @property
    def is_wiped(self) -> bool:
        return self.sensitive and self.body_text == WIPED


class Suppression(models.Model):
    """An address that asked for no more mail of one category.

    The address itself is not kept, only a hash of its normalised form: the list
    outlives accounts (a person erased from the platform must stay unsubscribed).
    """

    class Source(models.TextChoices):
        ONE_CLICK = "one_click", _("One-click (mail client)")
        PAGE = "page", _("Unsubscribe page")
        STAFF = "staff", _("Staff")

    address_hash = models.CharField(_("address hash"), max_length=64)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("unsubscription")
        verbose_name_plural = _("unsubscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["address_hash", "category"], name="notifications_one_suppression"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.address_hash[:12]}…"
