"""Actors: organisations, networks and communities named on initiatives.

This is the minimal record the initiative form needs (issue 3); the actors
issue completes it with descriptions, invitations, validation and merging.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from ipsp.core.models import PublicIdField


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


class ActorQuerySet(models.QuerySet["Actor"]):
    def published(self) -> ActorQuerySet:
        return self.filter(state=Actor.State.PUBLISHED)


class Actor(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    public_id = PublicIdField()
    name = models.CharField(_("name"), max_length=200)
    normalised_name = models.CharField(max_length=200, db_index=True, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    created_from_initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created from initiative"),
    )

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return self.name
