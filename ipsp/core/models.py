"""Base pieces shared by the models of every package."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ipsp.core import publicid


class PublicIdField(models.CharField):
    """The public identifier of an entry; generated on creation, never changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", publicid.LENGTH)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", publicid.generate)
        kwargs.setdefault("verbose_name", _("public id"))
        super().__init__(*args, **kwargs)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class UsedFormToken(models.Model):
    """A public form token that was used once, with what its use produced."""

    nonce = models.CharField(max_length=32, unique=True)
    form_name = models.CharField(max_length=60)
    result = models.CharField(max_length=300, blank=True)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")

    def __str__(self) -> str:
        return f"{self.form_name} {self.used_at:%Y-%m-%d %H:%M}"


class ScheduledJobRun(models.Model):
    """The last run of one scheduled job (``ipsp.core.schedule``)."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    command = models.CharField(_("command"), max_length=100, unique=True)
    started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    output = models.TextField(_("output (end)"), blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.command
