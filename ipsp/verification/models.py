"""Level 1 of verification: what the automatic checks keep.

A ``Level1Check`` records every outcome with its score and the signals behind it,
plus a snapshot of what was submitted, so the secretariat (level 2) sees the
reasons and the spam folder can show and restore an entry. Word and domain
lists are edited by the secretariat in the admin; the classifier learns from
``TrainingExample`` rows and is stored as counts in ``ClassifierModel``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipsp.core.models import PublicIdField


class Decision(models.TextChoices):
    PASS = "pass", _("passed to level 2")
    HOLD = "hold", _("held for level 2 with reasons")
    SPAM = "spam", _("spam")


class Label(models.TextChoices):
    HAM = "ham", _("legitimate")
    SPAM = "spam", _("spam")


class ExampleSource(models.TextChoices):
    CORPUS = "corpus", _("corpus shipped with the platform")
    SECRETARIAT = "secretariat", _("secretariat decision")
    RESTORE = "restore", _("restored from the spam folder")


class BlockedDomain(models.Model):
    """A web domain whose links make a submission suspicious (subdomains included)."""

    domain = models.CharField(
        _("domain"), max_length=253, unique=True, help_text=_("For example: cheap-pills.example")
    )
    weight = models.FloatField(
        _("weight"), default=6.0, help_text=_("Score added when a submission links to it.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("blocked domain")
        verbose_name_plural = _("blocked domains")

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: object, **kwargs: object) -> None:
        self.domain = self.domain.strip().lower().removeprefix("www.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class BlockedWord(models.Model):
    """A word or phrase that makes a submission suspicious, in one language or in all."""

    word = models.CharField(_("word or phrase"), max_length=100)
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("Empty for every language.")
    )
    weight = models.FloatField(
        _("weight"), default=3.0, help_text=_("Score added when a submission contains it.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")
        constraints = [
            models.UniqueConstraint(fields=["word", "language"], name="verification_word_unique")
        ]

    def __str__(self) -> str:
        return self.word

    def save(self, *args: object, **kwargs: object) -> None:
        self.word = self.word.strip().casefold()
        self.language = self.language.strip().lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class UsedChallenge(models.Model):
    """A proof-of-work challenge already answered; kept until it expires, to refuse replays."""

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used challenge")
        verbose_name_plural = _("used challenges")

    def __str__(self) -> str:
        return self.digest[:12]


class RateEvent(models.Model):
    """One submission counted against a rate limit. Keys are keyed hashes; kept at most 24 h."""

    scope = models.CharField(max_length=10)  # network, token or email
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate event")
        verbose_name_plural = _("rate events")
        indexes = [models.Index(fields=["scope", "key", "created_at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"


class TrainingExample(models.Model):
    """A text labelled by the secretariat (or the shipped corpus) for the classifier."""

    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, db_index=True)
    label = models.CharField(_("label"), max_length=4, choices=Label.choices)
    source = models.CharField(_("source"), max_length=12, choices=ExampleSource.choices)
    check_ref = models.ForeignKey(
        "Level1Check",
        verbose_name=_("level 1 check"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_examples",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("training example")
        verbose_name_plural = _("training examples")

    def __str__(self) -> str:
        return f"{self.get_label_display()} ({self.language}): {self.text[:60]}"


class ClassifierModel(models.Model):
    """Counts of a naive Bayes model for one language ("*": every language together)."""

    language = models.CharField(_("language"), max_length=10, unique=True)
    data = models.JSONField(_("counts"))
    examples = models.PositiveIntegerField(_("examples"), default=0)
    trained_at = models.DateTimeField(_("trained"))

    class Meta:
        ordering = ["language"]
        verbose_name = _("classifier model")
        verbose_name_plural = _("classifier models")

    def __str__(self) -> str:
        return self.language


class Level1CheckQuerySet(models.QuerySet["Level1Check"]):
    def spam_folder(self) -> Level1CheckQuerySet:
        """Entries in the spam folder: spam that acted, not restored and not yet purged."""
        return self.filter(
            decision=Decision.SPAM,
            shadow=False,
            restored_at__isnull=True,
            purged_at__isnull=True,
        )


class Level1Check(models.Model):
    """The outcome of level 1 for one submission, with everything level 2 needs to see."""

    public_id = PublicIdField()
    kind = models.CharField(_("kind"), max_length=30)
    entry_public_id = models.CharField(_("entry"), max_length=40, db_index=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    decision = models.CharField(_("outcome"), max_length=4, choices=Decision.choices)
    rules_decision = models.CharField(
        _("outcome the rules gave"), max_length=4, choices=Decision.choices
    )
    score = models.FloatField(_("score"))
    signals = models.JSONField(_("signals"), default=list)
    reasons = models.JSONField(_("reasons"), default=list)
    duplicates = models.JSONField(_("possible duplicates"), default=list)
    content = models.JSONField(_("submitted content"), default=dict)
    text_fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    token = models.ForeignKey(
        "accounts.AccessToken",
        verbose_name=_("access token"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shadow = models.BooleanField(_("shadow mode"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    spam_until = models.DateTimeField(_("in the spam folder until"), null=True, blank=True)
    restored_at = models.DateTimeField(_("restored"), null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("restored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purged_at = models.DateTimeField(_("purged"), null=True, blank=True)

    objects = Level1CheckQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("level 1 check")
        verbose_name_plural = _("level 1 checks")
        indexes = [models.Index(fields=["kind", "entry_public_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.entry_public_id}: {self.decision}"

    @property
    def text(self) -> str:
        """The submitted text as one string (title, organisation and text fields)."""
        content = self.content or {}
        parts = [content.get("title", ""), content.get("organisation", "")]
        parts.extend(content.get("texts", []))
        return "\n".join(part for part in parts if part)


# --- Level 2: the secretariat's queue, reasons, appeals and the audit trail -----------------


class QueueDecision(models.TextChoices):
    PUBLISH = "publish", _("published")
    REQUEST_CHANGES = "request_changes", _("changes requested")
    REJECT = "reject", _("rejected")
    SPAM = "spam", _("marked as spam")


class QueueOrigin(models.TextChoices):
    SUBMISSION = "submission", _("submission")
    RESTORED = "restored", _("restored from the spam folder")
    APPEAL = "appeal", _("appeal upheld")
    IMPORTED = "imported", _("submitted without level 1")


class QueueItemQuerySet(models.QuerySet["QueueItem"]):
    def waiting(self) -> QueueItemQuerySet:
        return self.filter(decided_at__isnull=True)

    def decided(self) -> QueueItemQuerySet:
        return self.filter(decided_at__isnull=False)


class QueueItem(models.Model):
    """One submission of an entry waiting for (or given) the secretariat's decision.

    The entry itself belongs to its directory package (``kind`` + ``entry_public_id``);
    the item keeps what the queue filters and sorts on, who claimed it, and the decision.
    """

    public_id = PublicIdField()
    kind = models.CharField(_("kind"), max_length=30)
    entry_public_id = models.CharField(_("entry"), max_length=40)
    origin = models.CharField(
        _("origin"), max_length=12, choices=QueueOrigin.choices, default=QueueOrigin.SUBMISSION
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    is_edit = models.BooleanField(_("edit of a published entry"), default=False)
    check_ref = models.ForeignKey(
        Level1Check,
        verbose_name=_("level 1 check"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="queue_items",
    )
    score = models.FloatField(_("level 1 score"), null=True, blank=True)
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered the queue"), db_index=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=QueueDecision.choices, blank=True
    )
    reason = models.ForeignKey(
        "RejectionReason",
        verbose_name=_("reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(_("message to the contributor"), blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, db_index=True)

    objects = QueueItemQuerySet.as_manager()

    class Meta:
        ordering = ["entered_at", "pk"]
        verbose_name = _("queue item")
        verbose_name_plural = _("queue items")
        indexes = [models.Index(fields=["kind", "entry_public_id"])]
        constraints = [
            # an entry waits in the queue at most once
            models.UniqueConstraint(
                fields=["kind", "entry_public_id"],
                condition=models.Q(decided_at__isnull=True),
                name="verification_one_waiting_item_per_entry",
            )
        ]
        permissions = [("decide_queueitem", _("Can decide on submissions in the queue"))]

    def __str__(self) -> str:
        return f"{self.kind} {self.entry_public_id} ({self.title})"


class RejectionReason(models.Model):
    """A reason for refusing a submission, from the list the secretariat edits."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label (English)"), max_length=200)
    active = models.BooleanField(_("offered"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")

    def __str__(self) -> str:
        return self.label

    def label_in(self, language: str) -> str:
        """The label in ``language`` when a translation exists, else the English one."""
        wanted = (language or "en").lower()
        for translation in self.translations.all():
            if translation.language.lower() == wanted:
                return translation.label
        base = wanted.split("-")[0]
        for translation in self.translations.all():
            if translation.language.lower().split("-")[0] == base:
                return translation.label
        return self.label


class RejectionReasonLabel(models.Model):
    reason = models.ForeignKey(
        RejectionReason, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        ordering = ["reason", "language"]
        verbose_name = _("translation of a reason")
        verbose_name_plural = _("translations of a reason")
        constraints = [
            models.UniqueConstraint(
                fields=["reason", "language"], name="verification_reason_label_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.label}"


class AppealState(models.TextChoices):
    OPEN = "open", _("waiting")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class Appeal(models.Model):
    """A contributor's one appeal against a rejection or a spam decision."""

    public_id = PublicIdField()
    item = models.OneToOneField(
        QueueItem, on_delete=models.PROTECT, related_name="appeal", verbose_name=_("decision")
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("why the decision should change"), max_length=4000)
    created_at = models.DateTimeField(_("appealed"), db_index=True)
    deadline = models.DateTimeField(_("answer due by"))
    state = models.CharField(
        _("state"), max_length=10, choices=AppealState.choices, default=AppealState.OPEN
    )
    outcome_note = models.TextField(_("answer to the contributor"), blank=True)
    published = models.BooleanField(_("published on appeal"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        permissions = [("decide_appeal", _("Can decide on appeals"))]

    def __str__(self) -> str:
        return f"{self.item} ({self.state})"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: object) -> int:
        raise AuditTrailIsAppendOnly("The audit trail cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("The audit trail cannot be deleted.")


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a recorded audit entry."""


class AuditEntry(models.Model):
    """One transition of an entry: who, when, what and why. Written once, never changed."""

    kind = models.CharField(_("kind"), max_length=30)
    entry_public_id = models.CharField(_("entry"), max_length=40)
    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_role = models.CharField(_("role"), max_length=30, blank=True)
    at = models.DateTimeField(_("when"), db_index=True)
    note = models.TextField(_("why"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["kind", "entry_public_id", "at"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.kind} {self.entry_public_id}: {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None or not self._state.adding:
            raise AuditTrailIsAppendOnly("The audit trail cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("The audit trail cannot be deleted.")
