"""Flags: a reviewer or a secretariat member marks a published entry as one the
directory should surface (new, small, remote, innovative, active), with a reason.

A flag names its entry by kind and public id (the package that keeps the entry is
below this one and knows nothing of flags). Flags are never deleted: withdrawing
one stamps ``withdrawn_at`` and ``withdrawn_by``, so the history stays whole.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipsp.core.models import PublicIdField

REASON_MAX = 1000
NOTE_MAX = 1000


class FlagQuerySet(models.QuerySet["Flag"]):
    def live(self) -> FlagQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def of_entry(self, kind: str, public_id: str) -> FlagQuerySet:
        return self.filter(kind=kind, entry_public_id=public_id)

    def of_entries(self, kind: str, public_ids: list[str]) -> FlagQuerySet:
        return self.filter(kind=kind, entry_public_id__in=public_ids)


class Flag(models.Model):
    class Kind(models.TextChoices):
        ACTOR = "actor", _("Organisation")
        INITIATIVE = "initiative", _("Initiative")

    class Category(models.TextChoices):
        NEW = "new", _("New")
        SMALL = "small", _("Small")
        REMOTE = "remote", _("From a remote or under-represented region")
        INNOVATIVE = "innovative", _("Innovative")
        ACTIVE = "active", _("Very active")

    kind = models.CharField(_("kind of entry"), max_length=20, choices=Kind.choices)
    public_id = PublicIdField()  # the flag's own, for the withdraw button
    entry_public_id = models.CharField(_("public id of the entry"), max_length=20)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    reason = models.TextField(_("reason"), max_length=REASON_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="flags_given",
        verbose_name=_("flagged by"),
    )
    created_at = models.DateTimeField(_("flagged"), db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flags_withdrawn",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_note = models.TextField(_("why withdrawn"), max_length=NOTE_MAX, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        indexes = [models.Index(fields=["kind", "entry_public_id"], name="reviews_flag_entry")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "entry_public_id", "created_by"],
                condition=Q(withdrawn_at__isnull=True),
                name="reviews_one_live_flag_per_person",
            )
        ]
        permissions = [
            ("withdraw_any_flag", _("Can withdraw anyone's flag")),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.entry_public_id}: {self.category}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class RisingFacts(models.Model):
    """What the rising actors list may use of one published organisation: its PUBLIC
    values only (``ipsp.actors.public.actor_public``), kept up to date one organisation
    at a time (``ipsp.reviews.facts``) so the page never reads the whole directory.

    A restricted size or founding year is stored empty; ``small_points`` is the part of
    the score that depends on nothing else (the date and the other organisations are
    applied when the page is read); ``flags`` counts the people with a live flag on it
    or on a duplicate merged into it."""

    public_id = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=300)
    name_key = models.CharField(max_length=300)  # the name case folded: the last sort key
    founding_year = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_day = models.IntegerField(null=True, blank=True)  # date ordinal (UTC)
    staff_size = models.CharField(max_length=20, blank=True)
    # the sub-regions of its public countries, "|013|143|": the score picks the best one
    # by a Case/When per row (the same codes are rows of RisingTerm, for the counts)
    region_codes = models.CharField(max_length=400, blank=True, default="")
    small_points = models.FloatField(default=0.0)
    flags = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.public_id


class RisingTerm(models.Model):
    """A code of one organisation's public facts: the sub-region of a public country
    (``region``) or a public theme (``theme``)."""

    REGION = "region"
    THEME = "theme"

    facts = models.ForeignKey(RisingFacts, on_delete=models.CASCADE, related_name="codes")
    vocabulary = models.CharField(max_length=10)
    code = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["vocabulary", "code"], name="reviews_rising_code")]
        constraints = [
            models.UniqueConstraint(
                fields=["facts", "vocabulary", "code"], name="reviews_rising_one_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code}"
