"""The index's own tables (vendor-neutral part).

``SearchEntry`` holds one row per indexed document with the fields that sorting,
ranking and display need; ``SearchFacet`` holds its (facet, code) pairs. The
full-text part lives in a vendor-specific table created by migration 0002:
``search_fts`` (SQLite FTS5, rowid = entry id) or ``search_pg`` (PostgreSQL,
tsvector with a GIN index). Only the backends in ``ipsp.search.backends`` read
or write these tables; other packages go through ``services`` and ``queries``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=32)
    public_id = models.CharField(_("public id"), max_length=32)
    language = models.CharField(_("language"), max_length=16, blank=True)
    title = models.TextField(_("title"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    fresh_at = models.DateTimeField(_("fresh at"), null=True, blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    boost = models.FloatField(_("boost"), default=1.0)
    points = models.JSONField(_("points"), default=list, blank=True)
    # the entry's (facet, code) pairs as "facet:code" lines, the same as its search_facet
    # rows: facet counts read one row per matching entry and count in Python, instead of
    # grouping ~15 rows per entry in SQL (``ipsp.search.facet_totals``)
    facet_codes = models.TextField(_("facet codes"), blank=True, default="")

    class Meta:
        db_table = "search_entry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "public_id"], name="search_entry_unique_id")
        ]
        # Each index serves one sort read backwards (newest, recently updated, and browsing
        # without words: flagged first, then the freshest). On PostgreSQL migration 0005
        # creates them with "NULLS FIRST" on the date, so that "DESC NULLS LAST" reads them.
        indexes = [
            models.Index(fields=["published_at", "id"], name="search_entry_newest"),
            models.Index(fields=["updated_at", "id"], name="search_entry_updated_sort"),
            models.Index(fields=["flagged", "fresh_at", "id"], name="search_entry_browse"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"


class SearchFacet(models.Model):
    # No index of its own: the (document_id, facet, code) index below serves the key. No
    # constraint in the database: the backends delete an entry's facets with it, and
    # checking the key on each of the ~20 rows an entry has doubled the rebuild's time.
    entry = models.ForeignKey(
        SearchEntry,
        on_delete=models.CASCADE,
        related_name="facets",
        db_column="document_id",
        db_index=False,
        db_constraint=False,
    )
    facet = models.CharField(_("facet"), max_length=32)
    code = models.CharField(_("code"), max_length=64)

    class Meta:
        db_table = "search_facet"
        verbose_name = _("search facet")
        verbose_name_plural = _("search facets")
        constraints = [
            models.UniqueConstraint(
                fields=["facet", "code", "entry"], name="search_facet_unique_code"
            )
        ]
        indexes = [models.Index(fields=["entry", "facet", "code"], name="search_facet_entry")]

    def __str__(self) -> str:
        return f"{self.facet}={self.code}"


class SearchFacetTotal(models.Model):
    """How many indexed entries of one kind carry one (facet, code): the facet counts of
    the states without words whose only filter is the kind (the whole directory, the list
    of organisations), read from a few hundred rows instead of counted over every entry.

    Kept in step by the backends in the transaction that writes the index
    (``ipsp.search.facet_totals``); a code no entry carries any more has no row.
    """

    kind = models.CharField(_("kind"), max_length=32)
    facet = models.CharField(_("facet"), max_length=32)
    code = models.CharField(_("code"), max_length=64)
    entries = models.IntegerField(_("entries"))

    class Meta:
        db_table = "search_facet_total"
        verbose_name = _("search facet total")
        verbose_name_plural = _("search facet totals")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "facet", "code"], name="search_facet_total_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.facet}={self.code}: {self.entries}"


class SearchPoint(models.Model):
    """One place of an indexed document, for the map (``ipsp.search.map``).

    Written with the entry by the backends; the country lets the map show each place
    under its own country when an entry works in several.
    """

    entry = models.ForeignKey(  # no constraint in the database: see SearchFacet.entry
        SearchEntry,
        on_delete=models.CASCADE,
        related_name="map_points",
        db_column="document_id",
        db_constraint=False,
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        db_table = "search_point"
        verbose_name = _("search map point")
        verbose_name_plural = _("search map points")

    def __str__(self) -> str:
        return f"{self.latitude}, {self.longitude} ({self.country})"


class SearchRelated(models.Model):
    """An entry's related entries as last computed (``ipsp.search.related``): the page
    reads this row instead of computing them (seven queries).

    Keyed by (kind, public id), not by the index row, so that a rebuild of the index
    (new rows) keeps it. ``items`` is JSON: ``[[kind, public_id, score, ["facet:code", ...,
    "text:word"]], ...]``, best first, a few more than a page shows. Written after the
    entry is indexed (a task) and by ``manage.py related_refresh`` (daily: what is
    missing or older than ``RELATED_MAX_AGE_DAYS``); read against the index, so an entry
    withdrawn since is never offered and titles are always current. The JSON is kept
    zlib-compressed (``related.pack_items``): ~1.4 kB a list as text, ~0.25 kB packed
    (the same kinds and terms recur), 150 MB less at 100,000 entries.
    """

    kind = models.CharField(_("kind"), max_length=32)
    public_id = models.CharField(_("public id"), max_length=32)
    items = models.BinaryField(_("items"))
    computed_at = models.DateTimeField(_("computed at"), db_index=True)

    class Meta:
        db_table = "search_related"
        verbose_name = _("related entries")
        verbose_name_plural = _("related entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "public_id"], name="search_related_unique_id")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"
