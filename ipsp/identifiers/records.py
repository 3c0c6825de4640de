"""What a directory package hands the identifiers package: a citable record.

``identifiers`` never imports a directory package (initiatives, actors...). A
directory builds a ``CitableRecord`` for the entry (or for one published version
of it) and passes it to the services (``doi_reserve_concept``,
``doi_reserve_version``), to the metadata builders (DataCite XML/JSON) and to the
citation formats (BibTeX, RIS, CSL-JSON, APA, Chicago). Everything here is plain
data: strings, numbers and dates, already in the entry's own language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

PUBLISHER = "International Platform for Social Progress"
PUBLISHER_SHORT = "IPSP"

CC_BY_4 = "CC-BY-4.0"


@dataclass(frozen=True)
class Rights:
    """The licence of the record's text (DataCite ``rightsList``)."""

    name: str = "Creative Commons Attribution 4.0 International"
    uri: str = "https://creativecommons.org/licenses/by/4.0/legalcode"
    identifier: str = CC_BY_4  # SPDX


@dataclass(frozen=True)
class Creator:
    """A person or an organisation credited as author of the record.

    ``name`` is the display name. For a person give ``family_name`` and
    ``given_name`` when known (citations need them: "Diallo, A."); a person with
    only ``name`` is cited as written. Organisations are cited as written, never
    split into given and family names.
    """

    name: str
    kind: Literal["personal", "organizational"] = "personal"
    given_name: str = ""
    family_name: str = ""
    affiliations: tuple[str, ...] = ()
    orcid: str = ""  # bare "0000-0002-1825-0097", persons only
    ror: str = ""  # "https://ror.org/02mhbdp94", organisations only

    @property
    def is_organisation(self) -> bool:
        return self.kind == "organizational"


@dataclass(frozen=True)
class Subject:
    """A taxonomy term: its label (in the record's language) and its vocabulary."""

    label: str
    scheme: str = ""  # "Sustainable Development Goals", "OECD Fields of Science"...
    code: str = ""  # stable code of the term in the scheme, e.g. "sdg-5"
    scheme_uri: str = ""
    value_uri: str = ""


@dataclass(frozen=True)
class GeoLocation:
    """A place: a name (country, region or city), a point, or both."""

    place: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class RelatedLink:
    """A related resource other than the record's own DOIs (those are added here).

    ``relation`` is a DataCite relationType ("References", "IsDocumentedBy",
    "IsSupplementedBy"...); ``identifier_type`` is "URL" or "DOI".
    """

    identifier: str
    relation: str = "References"
    identifier_type: Literal["URL", "DOI"] = "URL"


@dataclass(frozen=True)
class TranslatedTitle:
    title: str
    language: str  # BCP 47, e.g. "fr", "zh-Hans"


@dataclass(frozen=True)
class CitableRecord:
    """One entry, or one published version of it, as a citation needs it.

    ``version`` is None for the concept (the entry as a whole, whose DOI always
    resolves to its latest version) and 1, 2, 3... for a published version.
    ``landing_url`` is absolute: for the concept the entry's page, for a version
    the page of that version.
    """

    kind: str  # "initiative", "actor"... (the directory's name for its entries)
    public_id: str
    title: str
    landing_url: str
    publication_date: datetime.date  # first publication of the entry (concept) / of this version
    version: int | None = None
    creators: tuple[Creator, ...] = ()
    language: str = "en"  # BCP 47 language of title and summary
    summary: str = ""  # plain text, no Markdown
    subjects: tuple[Subject, ...] = ()
    geo_locations: tuple[GeoLocation, ...] = ()
    related_links: tuple[RelatedLink, ...] = ()
    translated_titles: tuple[TranslatedTitle, ...] = ()
    created: datetime.date | None = None
    updated: datetime.date | None = None
    # DataCite resourceTypeGeneral (kernel 4.5 has no "Project": "Other" it is)
    resource_type_general: str = "Other"
    resource_type: str = "Social progress initiative"
    publisher: str = PUBLISHER
    rights: Rights = field(default_factory=Rights)

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("title: a citable record needs a title")
        if not self.landing_url.startswith(("http://", "https://")):
            raise ValueError("landing_url: must be an absolute http(s) URL")
        if self.version is not None and self.version < 1:
            raise ValueError("version: versions are numbered from 1")

    @property
    def is_concept(self) -> bool:
        return self.version is None

    @property
    def year(self) -> int:
        return self.publication_date.year


# --- Where a DOI's record comes from when there is no page request -----------------------

RecordSource = Callable[[str, int | None], CitableRecord | None]
_SOURCES: dict[str, RecordSource] = {}


def register_record_source(kind: str, source: RecordSource) -> None:
    """Tell this package how to describe an entry of ``kind`` from its DOI's target.

    ``source(public_id, version)`` returns the record of the entry's latest published
    version (``version=None``, the concept) or of version ``version``, or None when
    the entry or version does not exist (any more). Registration at DataCite calls it
    when it sends, so the DataCite document is built from the entry as it is then,
    never kept in the database. A directory registers its source from its
    ``AppConfig.ready``.
    """
    _SOURCES[kind] = source


def record_source(kind: str) -> RecordSource | None:
    return _SOURCES.get(kind)
