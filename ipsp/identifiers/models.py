"""DOIs reserved and registered for published entries.

A DOI names its target by plain fields (kind, public id, version number), not by
a foreign key: this package serves every directory without importing any.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DoiQuerySet(models.QuerySet["Doi"]):
    def of(self, kind: str, public_id: str) -> DoiQuerySet:
        return self.filter(target_kind=kind, target_public_id=public_id)

    def concepts(self) -> DoiQuerySet:
        return self.filter(kind=Doi.Kind.CONCEPT)

    def versions(self) -> DoiQuerySet:
        return self.filter(kind=Doi.Kind.VERSION)


class Doi(models.Model):
    class Kind(models.TextChoices):
        CONCEPT = "concept", _("concept (always the latest version)")
        VERSION = "version", _("version")

    class State(models.TextChoices):
        RESERVED = "reserved", _("reserved, not yet registered")
        REGISTERING = "registering", _("registering")
        REGISTERED = "registered", _("registered")
        FAILED = "failed", _("registration failed")

    doi = models.CharField(_("DOI"), max_length=200, unique=True)
    suffix = models.CharField(_("suffix"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    target_kind = models.CharField(_("entry kind"), max_length=40)
    target_public_id = models.CharField(_("entry public id"), max_length=20, db_index=True)
    target_version = models.PositiveIntegerField(_("version number"), null=True, blank=True)
    landing_url = models.URLField(_("landing page"), max_length=500)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RESERVED, db_index=True
    )
    # A hash of the DataCite metadata as last built (empty: changed since, not yet
    # rebuilt). The document itself is not kept: registration builds it from the entry
    # when it sends (records.register_record_source), downloads from the page's record.
    metadata_hash = models.CharField(_("metadata hash"), max_length=64, blank=True)
    metadata_updated_at = models.DateTimeField(_("metadata updated"), auto_now_add=True)
    # Bumped at each change of metadata or URL: a registration that started
    # before a change does not mark the newer metadata as registered.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    registered_revision = models.PositiveIntegerField(_("registered revision"), default=0)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    # Set when the entry is withdrawn: DataCite is told to hide the DOI from its search
    # (findable -> registered); it keeps resolving to the tombstone. Cleared when the
    # entry is published again.
    hidden_at = models.DateTimeField(_("hidden from DataCite's search"), null=True, blank=True)
    created_at = models.DateTimeField(_("reserved"), auto_now_add=True, db_index=True)

    objects = DoiQuerySet.as_manager()

    class Meta:
        verbose_name = _("DOI")
        verbose_name_plural = _("DOIs")
        ordering = ["target_kind", "target_public_id", "kind", "target_version"]
        permissions = [("retry_registration", _("Can retry the registration of a DOI"))]
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_public_id"],
                condition=models.Q(kind="concept"),
                name="identifiers_one_concept_doi_per_entry",
            ),
            models.UniqueConstraint(
                fields=["target_kind", "target_public_id", "target_version"],
                condition=models.Q(kind="version"),
                name="identifiers_one_doi_per_version",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="concept", target_version__isnull=True)
                    | models.Q(kind="version", target_version__isnull=False)
                ),
                name="identifiers_version_number_iff_version_doi",
            ),
        ]

    def __str__(self) -> str:
        return self.doi

    @property
    def resolver_url(self) -> str:
        return f"https://doi.org/{self.doi}"

    @property
    def is_registered(self) -> bool:
        return self.registered_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_up_to_date(self) -> bool:
        return self.state == self.State.REGISTERED and self.registered_revision == self.revision


class FormattedCitation(models.Model):
    """The APA and Chicago references of a DOI's record in one CSL locale, formatted once.

    citeproc-py takes 10-20 ms of CPU a reference: they are formatted once the DOI's
    reservation commits (in the site's language and the entry's) or at the first view in
    another language, and read from here by the entry pages. ``revision`` is the DOI's revision
    they were formatted for; a newer revision formats them again.
    """

    doi = models.ForeignKey(Doi, on_delete=models.CASCADE, related_name="citations")
    locale = models.CharField(_("CSL locale"), max_length=10)
    revision = models.PositiveIntegerField(_("revision"))
    apa = models.TextField("APA")
    chicago = models.TextField("Chicago")

    class Meta:
        verbose_name = _("formatted citation")
        verbose_name_plural = _("formatted citations")
        constraints = [
            models.UniqueConstraint(
                fields=["doi", "locale"], name="identifiers_one_citation_per_doi_locale"
            )
        ]

    def __str__(self) -> str:
        return f"{self.doi_id} {self.locale}"
