"""Initiatives: the core record of the platform, with its versions.

An ``Initiative`` is the stable identity (public id, contributor, publication
state, DOI suffix). Its content lives in ``InitiativeVersion`` rows: the
published version stays visible while an edit (the pending version) waits for
validation; each publication gives the version a number and supersedes the
previous one, which is kept and viewable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipsp.core.models import PublicIdField

if TYPE_CHECKING:
    from ipsp.taxonomy.models import Term

# Length limits of the text fields (characters). The five questions are Markdown.
TITLE_MAX = 200
SUMMARY_MAX = 1200
QUESTION_MAX = 6000
HOLDER_NAME_MAX = 150
TRANSCRIPT_MAX = 200_000


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def public(self) -> InitiativeQuerySet:
        """Initiatives that have a page: published ones and the tombstones of withdrawn ones."""
        return self.filter(
            state__in=[Initiative.State.PUBLISHED, Initiative.State.WITHDRAWN],
            published_version__isnull=False,
        )

    def published(self) -> InitiativeQuerySet:
        return self.filter(state=Initiative.State.PUBLISHED)


class Initiative(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_VALIDATION = "in_validation", _("In validation")
        PUBLISHED = "published", _("Published")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = PublicIdField()
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("contributor"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=2000, blank=True)
    last_confirmed_at = models.DateTimeField(
        _("last confirmed current"),
        null=True,
        blank=True,
        help_text=_("When the contributor last said the initiative is still current."),
    )
    freshness_reminded_at = models.DateTimeField(
        _("last asked whether current"),
        null=True,
        blank=True,
        help_text=_("When the contributor was last emailed the yearly question."),
    )
    published_version = models.ForeignKey(
        "InitiativeVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )
    pending_version = models.ForeignKey(
        "InitiativeVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pending version"),
        help_text=_("The working copy: a draft, or an edit awaiting validation."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_consent_text = models.TextField(_("consent text"), blank=True)
    contact_consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    language = models.CharField(
        _("contributor's language"),
        max_length=10,
        default="en",
        help_text=_("The interface language of the contributor, for notifications."),
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = [
            ("moderate_initiative", _("Can publish, send back or reject initiatives")),
        ]

    def __str__(self) -> str:
        version = self.published_version or self.pending_version
        return version.title if version else self.public_id

    @property
    def current_version(self) -> InitiativeVersion | None:
        """What the contributor works on: the pending version, else the published one."""
        return self.pending_version or self.published_version


class InitiativeVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")
        REJECTED = "rejected", _("Rejected")

    class EvidenceLevel(models.TextChoices):
        ANECDOTAL = "anecdotal", _("Anecdotal")
        MONITORED = "monitored", _("Monitored")
        INDEPENDENTLY_EVALUATED = "independently_evaluated", _("Independently evaluated")
        PEER_REVIEWED = "peer_reviewed", _("Peer-reviewed study")

    class ProjectStatus(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        EVOLVED = "evolved", _("Evolved")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Terminated")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="versions", verbose_name=_("initiative")
    )
    number = models.PositiveIntegerField(
        _("version number"), null=True, blank=True, help_text=_("Assigned at publication.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    # Content.
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    holders = models.JSONField(_("project holders"), default=list, blank=True)
    problem = models.TextField(_("the problem addressed"), max_length=QUESTION_MAX, blank=True)
    approach = models.TextField(
        _("the approach and how it is innovative"), max_length=QUESTION_MAX, blank=True
    )
    success = models.TextField(
        _("why it is successful and how success is measured"), max_length=QUESTION_MAX, blank=True
    )
    replication = models.TextField(
        _("how it could be replicated elsewhere"), max_length=QUESTION_MAX, blank=True
    )
    externalities = models.TextField(
        _("how it deals with its externalities"), max_length=QUESTION_MAX, blank=True
    )
    evidence_level = models.CharField(
        _("evidence level"), max_length=30, choices=EvidenceLevel.choices, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    project_status = models.CharField(
        _("project status"), max_length=20, choices=ProjectStatus.choices, blank=True
    )
    language = models.CharField(_("language of the text"), max_length=20, blank=True)
    language_confirmed = models.BooleanField(_("language confirmed"), default=False)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    transcript_text = models.TextField(_("transcript"), max_length=TRANSCRIPT_MAX, blank=True)
    terms: models.ManyToManyField[Term, InitiativeVersionTerm] = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="initiative_versions",
        through="InitiativeVersionTerm",
        verbose_name=_("terms"),
    )

    class Meta:
        ordering = ["initiative", "number", "created_at"]
        verbose_name = _("initiative version")
        verbose_name_plural = _("initiative versions")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "number"], name="initiative_version_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_version_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number or '-'})"

    def terms_of(self, vocabulary_code: str) -> list:
        """The terms of one vocabulary, from the prefetched terms when there are some."""
        return [term for term in self.terms.all() if term.vocabulary.code == vocabulary_code]


class InitiativeVersionTerm(models.Model):
    """One taxonomy term of a version: the table of ``InitiativeVersion.terms``.

    Declared rather than left to Django for its size: every version keeps its terms, so the
    table is one of the largest (617 MB of the 2.9 GB of data at 1,000,000 initiatives).
    The (version, term) pair is the primary key, with no id column; Django's own table
    had an id, its index, a unique index on the pair and an index on the version alone.
    On SQLite the table is ``WITHOUT ROWID`` (migration 0003), so the pair is stored once,
    in the key's own b-tree. The index on ``term`` serves the lookups by term.
    """

    pk = models.CompositePrimaryKey("initiativeversion", "term")
    initiativeversion = models.ForeignKey(
        InitiativeVersion, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    term = models.ForeignKey("taxonomy.Term", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "initiatives_initiativeversion_terms"  # the name Django gave it first
        verbose_name = _("term of a version")
        verbose_name_plural = _("terms of versions")

    def __str__(self) -> str:
        return f"{self.initiativeversion_id}: {self.term_id}"


class InitiativeOrganisation(models.Model):
    version = models.ForeignKey(
        InitiativeVersion, on_delete=models.CASCADE, related_name="organisations"
    )
    actor = models.ForeignKey(
        "actors.Actor", on_delete=models.PROTECT, related_name="initiative_links"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("organisation of an initiative")
        verbose_name_plural = _("organisations of initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "actor"], name="initiative_organisation_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return str(self.actor)


class InitiativeLink(models.Model):
    class Kind(models.TextChoices):
        RESOURCE = "resource", _("Resource")
        EVIDENCE = "evidence", _("Evidence")

    version = models.ForeignKey(InitiativeVersion, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RESOURCE)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "kind", "order"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class InitiativePlace(models.Model):
    version = models.ForeignKey(InitiativeVersion, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("place"), max_length=200)
    country_code = models.CharField(_("country"), max_length=2)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return f"{self.name} ({self.country_code})"


class ProblemReport(models.Model):
    """A visitor's report of a problem on an initiative page, for the secretariat."""

    class Reason(models.TextChoices):
        INACCURATE = "inaccurate", _("Information is inaccurate or out of date")
        BROKEN_LINK = "broken_link", _("A link does not work")
        INAPPROPRIATE = "inappropriate", _("Inappropriate or offensive content")
        SPAM = "spam", _("Spam or advertising")
        RIGHTS = "rights", _("Copyright or personal data")
        OTHER = "other", _("Something else")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="problem_reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    message = models.TextField(_("message"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.created_at:%Y-%m-%d})"
