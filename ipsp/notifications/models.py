"""Outgoing email: rendered once, delivered by a retrying background task."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WIPED = "[removed after delivery]"


class OutgoingEmail(models.Model):
    """One message to one address.

    The task that delivers it takes only this row's id. Messages marked
    ``sensitive`` (those that carry an access token or a recovery link) lose their
    text once delivered or given up on, so a secret never stays in the database
    longer than it takes to send it.
    """

    kind = models.CharField(_("kind"), max_length=60)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    sensitive = models.BooleanField(_("sensitive"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    gave_up_at = models.DateTimeField(_("given up"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}"
