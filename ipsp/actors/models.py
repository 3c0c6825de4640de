"""Actors: organisations, networks and communities.

An ``Actor`` holds its content directly (no versions: see docs/decisions.md (actors)).
While an actor is not yet published its contributor edits that content in place;
once published, an edit is kept aside in ``pending_content`` until the secretariat
validates it, so visitors keep seeing the validated entry.

Every optional field can be marked "secretariat only" by the actor
(``restricted_fields``); what visitors, search, suggestions and every other
output see is built in ONE place: ``ipsp.actors.public.actor_public``.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipsp.core.models import PublicIdField

NAME_MAX = 200
ACRONYM_MAX = 30
OTHER_NAMES_MAX = 10
TEXT_MAX = 6000
OFFER_MAX = 1000
MAX_LINKS = 10
MAX_PLACES = 20
FIRST_FOUNDING_YEAR = 1800

# Legal forms and generic words that do not tell two organisations apart
# ("Maji Safi Ltd" is "Maji Safi"); dropped at the start or end of a name to match it.
LEGAL_FORMS = frozenset(
    {
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "co",
        "gmbh",
        "ggmbh",
        "ev",
        "ong",
        "ngo",
        "npo",
        "asbl",
        "association",
        "assoc",
        "sarl",
        "sa",
        "sas",
        "srl",
        "ag",
        "bv",
        "nv",
        "oy",
        "ab",
        "kk",
        "pvt",
        "cic",
        "cio",
        "ltda",
        "ac",
        "fze",
        "the",
        "la",
        "le",
        "les",
        "el",
        "los",
        "las",
        "die",
        "der",
    }
)


def normalise_name(name: str) -> str:
    """The form of a name used to find duplicates: case, accents, spacing and punctuation folded."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":  # combining accents
            continue
        kept.append(char if category[0] in {"L", "N"} else " ")
    return " ".join("".join(kept).split())


def match_key(name: str) -> str:
    """The key two names of one organisation share: ``normalise_name`` without legal forms.

    Single letters in a row are joined first ("e. V." -> "ev", "S.A.R.L." -> "sarl",
    "U N D P" -> "undp"); legal forms are then dropped from both ends, never all words.
    """
    words = normalise_name(name).split()
    joined: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(word)
    if run:
        joined.append(run)
    core = list(joined)
    while len(core) > 1 and core[-1] in LEGAL_FORMS:
        core.pop()
    while len(core) > 1 and core[0] in LEGAL_FORMS:
        core.pop(0)
    return " ".join(core)


class ActorQuerySet(models.QuerySet["Actor"]):
    def published(self) -> ActorQuerySet:
        return self.filter(state=Actor.State.PUBLISHED)

    def public(self) -> ActorQuerySet:
        """Actors that have a page: published, withdrawn (tombstone) and merged (redirect)."""
        return self.filter(
            state__in=[Actor.State.PUBLISHED, Actor.State.WITHDRAWN, Actor.State.MERGED]
        )


class Actor(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_VALIDATION = "in_validation", _("In validation")
        PUBLISHED = "published", _("Published")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MERGED = "merged", _("Merged into another entry")

    class EditState(models.TextChoices):
        NONE = "", _("No edit")
        DRAFT = "draft", _("Edit in progress")
        SUBMITTED = "submitted", _("Edit awaiting validation")

    class Size(models.TextChoices):
        NONE = "none", _("None")
        S1_5 = "1-5", _("1 to 5")
        S6_20 = "6-20", _("6 to 20")
        S21_100 = "21-100", _("21 to 100")
        S101_500 = "101-500", _("101 to 500")
        S501_PLUS = "501+", _("More than 500")

    # The optional fields an actor may keep for the secretariat only.
    RESTRICTABLE = (
        "other_names",
        "acronym",
        "actor_types",
        "places",
        "activities",
        "partnerships",
        "collaboration",
        "links",
        "logo",
        "size",
        "founding_year",
    )

    public_id = PublicIdField()
    name = models.CharField(_("name"), max_length=NAME_MAX)
    normalised_name = models.CharField(max_length=NAME_MAX, db_index=True, editable=False)
    match_key = models.CharField(max_length=NAME_MAX, db_index=True, editable=False, default="")
    public_names = models.CharField(
        max_length=1000,
        blank=True,
        editable=False,
        default="",
        help_text="Normalised public other names and acronym, for suggestions.",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_from_initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created from initiative"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("contributor"),
        help_text=_("The contributor who may complete and edit this entry."),
    )
    language = models.CharField(
        _("contributor's language"), max_length=10, default="en", blank=True
    )
    text_language = models.CharField(_("language of the text"), max_length=20, blank=True)

    # Content.
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    acronym = models.CharField(_("acronym"), max_length=ACRONYM_MAX, blank=True)
    terms = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="actors",
        verbose_name=_("actor types, fields of action and countries"),
    )
    problems = models.TextField(_("problems addressed"), max_length=TEXT_MAX, blank=True)
    activities = models.TextField(_("key innovative activities"), max_length=TEXT_MAX, blank=True)
    partnerships = models.TextField(
        _("partnerships with other actors"), max_length=TEXT_MAX, blank=True
    )
    collaboration = models.TextField(
        _("interest in collaborating"), max_length=TEXT_MAX, blank=True
    )
    open_to_collaboration = models.BooleanField(_("open to collaboration"), null=True, blank=True)
    collaboration_terms = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="actors_collaborating",
        verbose_name=_("collaboration themes and regions"),
    )
    collaboration_offer = models.TextField(_("what we offer"), max_length=OFFER_MAX, blank=True)
    collaboration_seek = models.TextField(_("what we seek"), max_length=OFFER_MAX, blank=True)
    logo = models.FileField(_("logo"), upload_to="actors/logos/", blank=True, max_length=200)
    staff_size = models.CharField(
        _("staff"), max_length=10, choices=Size.choices, blank=True, db_index=True
    )
    volunteer_size = models.CharField(
        _("volunteers"), max_length=10, choices=Size.choices, blank=True
    )
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"), null=True, blank=True, db_index=True
    )
    restricted_fields = models.JSONField(
        _("fields for the secretariat only"), default=list, blank=True
    )

    # Lifecycle.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, db_index=True)
    last_published_at = models.DateTimeField(_("last published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=2000, blank=True)
    decision_note = models.TextField(_("last decision note"), blank=True)
    edit_state = models.CharField(
        _("edit of the published entry"),
        max_length=10,
        choices=EditState.choices,
        default=EditState.NONE,
        blank=True,
    )
    pending_content = models.JSONField(
        _("edit awaiting validation"),
        null=True,
        blank=True,
        help_text=_("The contributor's edit of a published entry, until it is validated."),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        permissions = [
            ("moderate_actor", _("Can publish, send back, reject and merge actors")),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived columns only, so every way of creating an actor can be matched.
        self.normalised_name = normalise_name(self.name)
        self.match_key = match_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_restricted(self, field: str) -> bool:
        return field in (self.restricted_fields or [])


# States in which an entry is out of the directory for good: it cannot be claimed, invited,
# validated or merged into.
CLOSED_STATES = frozenset({Actor.State.MERGED, Actor.State.WITHDRAWN, Actor.State.REJECTED})


class ActorLink(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["actor", "order"]
        verbose_name = _("link of an actor")
        verbose_name_plural = _("links of actors")

    def __str__(self) -> str:
        return self.title


class ActorPlace(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("place"), max_length=200)
    country_code = models.CharField(_("country"), max_length=2)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["actor", "order"]
        verbose_name = _("place of an actor")
        verbose_name_plural = _("places of actors")

    def __str__(self) -> str:
        return f"{self.name} ({self.country_code})"


class ActorMerge(models.Model):
    """A merge of a duplicate (source) into the entry that stays (target), with what moved."""

    source = models.OneToOneField(
        Actor, on_delete=models.PROTECT, related_name="merge_as_source", verbose_name=_("source")
    )
    target = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="merges_as_target", verbose_name=_("target")
    )
    source_public_id = models.CharField(_("public id of the source"), max_length=20)
    source_name = models.CharField(_("name of the source"), max_length=NAME_MAX)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"))
    reason = models.TextField(_("reason"), max_length=2000)
    moved = models.JSONField(_("links moved"), default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("merge of actors")
        verbose_name_plural = _("merges of actors")

    def __str__(self) -> str:
        return f"{self.source_public_id} -> {self.target_id}"


class ActorClaim(models.Model):
    """An actor says an existing initiative is one of its own.

    Confirmed by the initiative's contributor (on "My entries") or by the
    secretariat; a confirmed claim lists the initiative on the actor's page.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = PublicIdField()
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="claims")
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="actor_claims",
        verbose_name=_("initiative"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("claim of an initiative")
        verbose_name_plural = _("claims of initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "initiative"],
                condition=models.Q(state__in=["pending", "confirmed"]),
                name="actor_claim_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} claims {self.initiative_id} ({self.state})"


# --- invitations (issue 5, point 4) ------------------------------------------------------


class Invitation(models.Model):
    """The secretariat (or an import) invites an organisation to claim and complete its
    pre-filled draft entry. The contact data is deleted a while after the invitation ended
    (``purge_invitation_contacts``); a keyed hash of an address that declined, bounced or
    never answered stays in ``InvitationBlock``."""

    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened")
        CLAIMED = "claimed", _("Claimed")
        DECLINED = "declined", _("Declined")
        BOUNCED = "bounced", _("Bounced")
        EXPIRED = "expired", _("Expired")

    OPEN = (State.SENT, State.OPENED)
    ENDED = (State.DECLINED, State.BOUNCED, State.EXPIRED)

    public_id = PublicIdField()
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("actor")
    )
    organisation_name = models.CharField(_("Organisation"), max_length=NAME_MAX)
    website = models.URLField(_("Website"), max_length=500, blank=True)
    contact_name = models.CharField(_("Contact person (optional)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("Contact email"), blank=True)
    reason = models.TextField(_("Why invited"), max_length=2000)
    language = models.CharField(_("Language of the email"), max_length=10, default="en")
    source = models.CharField(_("source"), max_length=100, blank=True, default="secretariat")
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SENT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    expires_at = models.DateTimeField(_("Expires"), db_index=True)
    opened_at = models.DateTimeField(_("Opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, db_index=True)
    decline_reason = models.TextField(_("Reason for declining"), max_length=1000, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    contacts_purged_at = models.DateTimeField(_("contact data deleted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.state})"


class InvitationSend(models.Model):
    """One email of an invitation (the first or a reminder), with the hash of the one-time
    link it carried and the id of the stored message (to hear of its bounce)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="sends")
    reminder = models.PositiveSmallIntegerField(_("reminder number"), default=0)
    sent_at = models.DateTimeField(_("Sent"))
    secret_hash = models.CharField(max_length=64, unique=True)
    email_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["invitation", "sent_at", "pk"]
        verbose_name = _("invitation email")
        verbose_name_plural = _("invitation emails")

    def __str__(self) -> str:
        return f"{self.invitation_id} #{self.reminder}"


class InvitationEvent(models.Model):
    """The history of an invitation: sent, reminded, opened, claimed, declined..."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=30)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["invitation", "at", "pk"]
        verbose_name = _("invitation event")
        verbose_name_plural = _("invitation events")

    def __str__(self) -> str:
        return self.action


class InvitationBlock(models.Model):
    """An address never to invite again: only a keyed hash of it is kept."""

    address_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=10)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked invitation address")
        verbose_name_plural = _("blocked invitation addresses")

    def __str__(self) -> str:
        return f"{self.reason}: {self.address_hash[:12]}…"


class InvitationPolicy(models.Model):
    """The secretariat's retention period for the contact data of ended invitations
    (one row; without it, ``settings.INVITATION_RETENTION_DAYS``)."""

    retention_days = models.PositiveSmallIntegerField(_("keep contact data for (days)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("invitation retention")
        verbose_name_plural = _("invitation retention")

    def __str__(self) -> str:
        return str(self.retention_days)


# --- third-party validation (issue 5, point 5) -------------------------------------------


class ThirdPartyValidation(models.Model):
    """The secretariat asks a named validator (a partner organisation's contact or a
    reviewer) to confirm that an organisation exists and does what it says."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting the validator")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Could not confirm")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = PublicIdField()
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="validations", verbose_name=_("actor")
    )
    validator_name = models.CharField(_("validator"), max_length=200)
    validator_email = models.EmailField(_("Validator's email"))
    validator_organisation = models.CharField(
        _("Validator's organisation"), max_length=NAME_MAX, blank=True
    )
    validator_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    language = models.CharField(_("Language of the email"), max_length=10, default="en")
    message = models.TextField(
        _("Message to the validator (optional)"), max_length=2000, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("Expires"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, db_index=True)
    comment = models.TextField(_("validator's comment"), max_length=2000, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("third-party validation")
        verbose_name_plural = _("third-party validations")

    def __str__(self) -> str:
        return f"{self.actor_id}: {self.validator_name} ({self.state})"
