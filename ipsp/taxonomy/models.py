"""One taxonomy links everything: vocabularies of terms with stable codes.

Labels and descriptions are stored per UI language in JSON (``{"en": ..., "fr": ...}``)
so that adding a language needs no migration. Codes never change and terms are
never deleted: a term that is no longer offered is *retired*.

A term's parent may belong to another vocabulary (a theme's parent is an agenda
component, a country's parent is a UN M49 region): the vocabulary says which one
in ``parent_vocabulary``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    labels = models.JSONField(_("labels"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by one at every change of its terms.")
    )
    hierarchical = models.BooleanField(_("hierarchical"), default=False)
    parent_vocabulary = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_vocabularies",
        verbose_name=_("vocabulary of the parents"),
        help_text=_("The vocabulary whose terms are the parents of this one's terms."),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localised(self.labels, self.code)

    @property
    def description(self) -> str:
        return localised(self.descriptions, "")

    @property
    def description_language(self) -> str:
        """The language ``description`` is actually in (English when not translated)."""
        return localised_language(self.descriptions)


class TermQuerySet(models.QuerySet["Term"]):
    def active(self) -> TermQuerySet:
        return self.filter(retired=False)

    def of(self, vocabulary_code: str) -> TermQuerySet:
        return self.filter(vocabulary__code=vocabulary_code)


class Term(models.Model):
    vocabulary = models.ForeignKey(
        Vocabulary, on_delete=models.PROTECT, related_name="terms", verbose_name=_("vocabulary")
    )
    code = models.CharField(_("code"), max_length=60)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    labels = models.JSONField(_("labels"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    retired = models.BooleanField(_("retired"), default=False)
    added_in_version = models.PositiveIntegerField(_("added in version"), default=1)
    changed_in_version = models.PositiveIntegerField(_("changed in version"), default=1)
    # What the data files said at the last load (None: added by the secretariat).
    # The loader applies only what changed in the files since, so edits made by
    # the secretariat survive every later load.
    source = models.JSONField(_("source data"), null=True, blank=True, editable=False)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["vocabulary", "code"], name="term_unique_code_per_vocabulary"
            )
        ]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localised(self.labels, self.code)

    @property
    def description(self) -> str:
        return localised(self.descriptions, "")

    @property
    def description_language(self) -> str:
        """The language ``description`` is actually in (English when not translated)."""
        return localised_language(self.descriptions)


class TermChange(models.Model):
    """One change of one term: who, when, which version, and what changed."""

    class Action(models.TextChoices):
        ADDED = "added", _("added")
        CHANGED = "changed", _("changed")
        RETIRED = "retired", _("retired")
        RESTORED = "restored", _("restored")

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="changes", verbose_name=_("term")
    )
    version = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # {"field": [old, new]}; labels and descriptions per language ("labels.fr").
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    via_loader = models.BooleanField(_("by the data loader"), default=False)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("term change")
        verbose_name_plural = _("term changes")

    def __str__(self) -> str:
        return f"{self.term.code} v{self.version} {self.action}"


def localised(values: dict[str, str], fallback: str) -> str:
    """The value in the active language, else English, else the fallback."""
    language = get_language() or "en"
    return (
        values.get(language) or values.get(language.split("-")[0]) or values.get("en") or fallback
    )


def localised_language(values: dict[str, str]) -> str:
    """The language of the value ``localised`` picks."""
    language = get_language() or "en"
    for candidate in (language, language.split("-")[0]):
        if values.get(candidate):
            return candidate
    return "en"
