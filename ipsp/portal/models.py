"""The portal's own content: topic pages (the encyclopedia), curated collections,
personal bookmarks, and the secretariat's settings for topic proposals.

Entries (initiatives, actors, later resources...) are referred to generically by
``(kind, public_id)``, as the search index knows them: the portal assembles
every directory without owning any of them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ipsp.core.models import PublicIdField, TimestampedModel

KIND_MAX = 32
ENTRY_ID_MAX = 32


class PortalSettings(models.Model):
    """One row: what the secretariat sets for topic proposals (edited in the admin)."""

    topic_min_entries = models.PositiveIntegerField(
        _("entries needed for a topic proposal"),
        default=8,
        help_text=_("A group of entries sharing terms becomes a proposal once it is this large."),
    )
    topic_max_entries = models.PositiveIntegerField(
        _("largest group proposed as a topic"),
        default=400,
        help_text=_("Larger groups are too broad to summarise in one page."),
    )
    topic_proposals_per_run = models.PositiveIntegerField(
        _("new proposals per run"),
        default=20,
        help_text=_("At most this many new proposals are made each time the job runs."),
    )
    topic_text_similarity = models.PositiveSmallIntegerField(
        _("closeness in wording for a topic proposal, in per cent"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(95)],
        help_text=_(
            "Entries whose descriptions are at least this close (cosine of their "
            "distinctive words, in per cent) are grouped even without shared terms."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")

    def __str__(self) -> str:
        return str(_("Portal settings"))

    @classmethod
    def current(cls) -> PortalSettings:
        found, _created = cls.objects.get_or_create(pk=1)
        return found


class TopicPageQuerySet(models.QuerySet["TopicPage"]):
    def published(self) -> TopicPageQuerySet:
        return self.filter(state=TopicPage.State.PUBLISHED)


class TopicPage(TimestampedModel):
    """A page of the encyclopedia: a group of entries sharing terms, with what they have
    in common and what sets each apart (computed), and a text the secretariat writes."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        DISMISSED = "dismissed", _("Dismissed")

    public_id = PublicIdField()
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False, blank=True)
    # What defines the group, in a stable order: its terms, "facet:code" joined by "|"; or
    # for a group close in wording, "text:" and its key words joined by "+".
    signature = models.CharField(_("signature"), max_length=300, unique=True)
    # A group close in wording: the words its entries share (most distinctive first).
    words = models.JSONField(_("key words"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    language = models.CharField(_("language of the text"), max_length=16, default="en")
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    computed = models.JSONField(_("computed parts"), default=dict, blank=True)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    computed_at = models.DateTimeField(_("last computed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = TopicPageQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic page")
        verbose_name_plural = _("topic pages")
        ordering = ["-entry_count", "title"]
        permissions = [("publish_topicpage", _("Can publish topic pages"))]

    def __str__(self) -> str:
        return self.title

    @property
    def terms(self) -> list[tuple[str, str]]:
        if self.words:
            return []
        return [
            (part.split(":", 1)[0], part.split(":", 1)[1])
            for part in self.signature.split("|")
            if ":" in part
        ]

    def text_in(self, language: str | None = None) -> tuple[str, str, str]:
        """(title, introduction, language) in this language when translated, else the
        original. Needs ``translations`` prefetched to stay within one query."""
        wanted = (language or get_language() or "en").lower()
        if wanted != self.language:
            for translation in self.translations.all():
                if translation.language == wanted:
                    return translation.title, translation.introduction, translation.language
        return self.title, self.introduction, self.language


class TopicTranslation(models.Model):
    """A topic page's title and introduction in one more language."""

    topic = models.ForeignKey(
        TopicPage, on_delete=models.CASCADE, related_name="translations", verbose_name=_("topic")
    )
    language = models.CharField(_("language"), max_length=16)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    machine = models.BooleanField(_("machine translation"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("topic translation")
        verbose_name_plural = _("topic translations")
        constraints = [
            models.UniqueConstraint(fields=["topic", "language"], name="topic_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} {self.language}"


class TopicEntry(models.Model):
    """An entry of a topic's group, as last computed (so an entry page finds its topics)."""

    topic = models.ForeignKey(
        TopicPage, on_delete=models.CASCADE, related_name="entries", verbose_name=_("topic")
    )
    kind = models.CharField(_("kind"), max_length=KIND_MAX)
    entry_id = models.CharField(_("public id of the entry"), max_length=ENTRY_ID_MAX)

    class Meta:
        verbose_name = _("entry of a topic")
        verbose_name_plural = _("entries of topics")
        constraints = [
            models.UniqueConstraint(fields=["topic", "kind", "entry_id"], name="topic_entry_unique")
        ]
        indexes = [models.Index(fields=["kind", "entry_id"], name="topic_entry_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} {self.entry_id}"


class CollectionQuerySet(models.QuerySet["Collection"]):
    def published(self) -> CollectionQuerySet:
        return self.filter(published=True)


class Collection(TimestampedModel):
    """Entries gathered by a curator (secretariat or reviewer), e.g. for an event or a
    report, with an introduction; public once published."""

    public_id = PublicIdField()
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    language = models.CharField(_("language of the text"), max_length=16, default="en")
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="curated_collections",
        verbose_name=_("curator"),
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["-updated_at"]
        permissions = [("curate_collection", _("Can curate collections"))]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="items", verbose_name=_("collection")
    )
    kind = models.CharField(_("kind"), max_length=KIND_MAX)
    entry_id = models.CharField(_("public id of the entry"), max_length=ENTRY_ID_MAX)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "kind", "entry_id"], name="collection_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.entry_id}"


class Bookmark(models.Model):
    """An entry a signed-in person keeps for later; private to them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bookmarks",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=KIND_MAX)
    entry_id = models.CharField(_("public id of the entry"), max_length=ENTRY_ID_MAX)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "entry_id"], name="bookmark_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.entry_id}"
