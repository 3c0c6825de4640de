"""One taxonomy links everything: vocabularies of terms with stable codes.

Labels and descriptions are stored per UI language in JSON (``{"en": ..., "fr": ...}``)
so that adding a language needs no migration. Codes never change and terms are
never deleted: a term that is no longer offered is *retired*.
"""

from __future__ import annotations

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

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localised(self.labels, self.code)


class TermQuerySet(models.QuerySet["Term"]):
    def active(self) -> TermQuerySet:
        return self.filter(retired=False)

    def of(self, vocabulary_code: str) -> TermQuerySet:
        return self.filter(vocabulary__code=vocabulary_code)


class Term(models.Model):
    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.PROTECT, related_name="terms")
    code = models.CharField(_("code"), max_length=60)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    labels = models.JSONField(_("labels"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    retired = models.BooleanField(_("retired"), default=False)
    added_in_version = models.PositiveIntegerField(_("added in version"), default=1)
    changed_in_version = models.PositiveIntegerField(_("changed in version"), default=1)

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


def localised(values: dict[str, str], fallback: str) -> str:
    """The value in the active language, else English, else the fallback."""
    language = get_language() or "en"
    return (
        values.get(language) or values.get(language.split("-")[0]) or values.get("en") or fallback
    )
