"""Writes: reserving DOIs for published entries and registering them with DataCite.

Reservation happens inside the directory's publishing transaction; registration
is a background task enqueued on commit, and only when DataCite credentials are
configured. Without them a DOI stays "reserved, not yet registered".
"""

from __future__ import annotations

import base64
import datetime
import json
import logging
from typing import Any

from datacite.request import DataCiteRequest
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ipsp.identifiers.citations import csl_locale, references_store_on_commit
from ipsp.identifiers.metadata import (
    InvalidMetadata,
    datacite_metadata,
    doi_name,
    doi_suffix,
    metadata_hash,
    metadata_to_xml,
)
from ipsp.identifiers.models import Doi, FormattedCitation
from ipsp.identifiers.records import CitableRecord, record_source

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT = (10, 30)  # seconds: connect, read


class RegistrationError(Exception):
    """DataCite refused or could not be reached; the task retries with backoff."""


def registration_configured() -> bool:
    return bool(settings.DATACITE_USERNAME and settings.DATACITE_PASSWORD)


def _enqueue_registration(doi: Doi) -> None:
    if not registration_configured():
        return
    from ipsp.identifiers.tasks import doi_register

    Doi.objects.filter(pk=doi.pk).exclude(state=Doi.State.REGISTERING).update(
        state=Doi.State.REGISTERING
    )
    doi_id = doi.pk
    transaction.on_commit(lambda: doi_register.enqueue(doi_id))


def _reserve(record: CitableRecord, kind: str) -> tuple[Doi, bool]:
    """The DOI of ``record``, reserved or refreshed; and whether it was created now."""
    name = doi_name(record)
    doi, created = Doi.objects.select_for_update().get_or_create(
        doi=name,
        defaults={
            "suffix": doi_suffix(record),
            "kind": kind,
            "target_kind": record.kind,
            "target_public_id": record.public_id,
            "target_version": record.version,
            "landing_url": record.landing_url,
        },
    )
    digest = metadata_hash(datacite_metadata(record, doi))
    if created or digest != doi.metadata_hash or record.landing_url != doi.landing_url:
        doi.metadata_hash = digest
        doi.landing_url = record.landing_url
        doi.metadata_updated_at = timezone.now()
        if not created:
            doi.revision = F("revision") + 1
        doi.full_clean(exclude=["revision"])
        doi.save()
        doi.refresh_from_db()
        if kind == Doi.Kind.CONCEPT:
            references_store_on_commit(record, doi, locales=_reference_locales(record))
        _enqueue_registration(doi)
        doi.refresh_from_db()
    return doi, created


def _reference_locales(record: CitableRecord) -> list[str]:
    """Formatted after the reservation commits: the site's language and the entry's own;
    others at first view.

    Only for the concept DOI, whose page (the entry's) is the one read: a version's
    references are formatted at the first view of that version's page. Formatting
    every version's too would double the table (~40 MB more at 100,000 initiatives).
    """
    return list(dict.fromkeys([csl_locale(settings.LANGUAGE_CODE), csl_locale(record.language)]))


@transaction.atomic
def doi_reserve_concept(record: CitableRecord) -> Doi:
    """Reserve (once) the concept DOI of an entry, or refresh its URL and metadata.

    ``record`` describes the latest published version with ``version=None``: the
    concept DOI always resolves to, and describes, the latest version.
    """
    if record.version is not None:
        raise ValueError("version: a concept record has no version number")
    return _reserve(record, Doi.Kind.CONCEPT)[0]


@transaction.atomic
def doi_reserve_version(record: CitableRecord) -> Doi:
    """Reserve the DOI of one published version (idempotent: refreshes its metadata)."""
    if record.version is None:
        raise ValueError("version: a version record needs its version number")
    doi, created = _reserve(record, Doi.Kind.VERSION)
    if created:
        _link_previous_version(doi)
    return doi


def _link_previous_version(doi: Doi) -> None:
    """The version before gains "IsPreviousVersionOf <new>": its DataCite document changed.

    Its record is not at hand here; the hash is left empty (changed, not yet rebuilt)
    and registration builds the document from the entry. Its formatted references
    do not show the link: they stay valid for the new revision.
    """
    assert doi.target_version is not None
    previous = (
        Doi.objects.select_for_update()
        .of(doi.target_kind, doi.target_public_id)
        .versions()
        .filter(target_version=doi.target_version - 1)
        .first()
    )
    if previous is None:
        return
    Doi.objects.filter(pk=previous.pk).update(
        metadata_hash="", metadata_updated_at=timezone.now(), revision=F("revision") + 1
    )
    FormattedCitation.objects.filter(doi=previous, revision=previous.revision).update(
        revision=previous.revision + 1
    )
    _enqueue_registration(previous)


@transaction.atomic
def dois_publish(*, concept: CitableRecord, version: CitableRecord) -> tuple[Doi, Doi]:
    """On each publication: the version's DOI, then the concept DOI pointing at it.

    Call it inside the publishing transaction; registration starts on commit. An entry
    published again after a withdrawal has its hidden DOIs made findable again first.
    """
    if (concept.kind, concept.public_id) != (version.kind, version.public_id):
        raise ValueError("version: the version record belongs to another entry")
    _dois_show(concept.kind, concept.public_id)
    version_doi = doi_reserve_version(version)
    concept_doi = doi_reserve_concept(concept)
    return concept_doi, version_doi


@transaction.atomic
def dois_hide(*, kind: str, public_id: str) -> int:
    """On withdrawal: hide every DOI of the entry (concept and versions) from DataCite's
    search; returns how many were hidden now.

    A registered DOI cannot be deleted: it keeps resolving to the entry's tombstone, and
    registration tells DataCite to hide it (findable -> registered). Call it inside the
    withdrawing transaction; registration starts on commit. Hiding again changes nothing.
    """
    return _mark_hidden(kind, public_id, timezone.now())


def _dois_show(kind: str, public_id: str) -> None:
    """The entry is published again: its hidden DOIs become findable again at DataCite."""
    _mark_hidden(kind, public_id, None)


def _mark_hidden(kind: str, public_id: str, when: datetime.datetime | None) -> int:
    """Hide (``when``) or show (None) the entry's DOIs that are not so yet, each a new
    revision to send; returns how many changed."""
    changed = list(
        Doi.objects.select_for_update()
        .of(kind, public_id)
        .filter(hidden_at__isnull=when is not None)
        .order_by("pk")
    )
    if not changed:
        return 0
    Doi.objects.filter(pk__in=[doi.pk for doi in changed]).update(
        hidden_at=when, revision=F("revision") + 1
    )
    for doi in changed:
        _enqueue_registration(doi)
    return len(changed)


def doi_retry(*, doi_ids: list[int]) -> int:
    """Enqueue registration again (secretariat action); returns how many were enqueued."""
    if not registration_configured():
        return 0
    count = 0
    with transaction.atomic():
        for doi in Doi.objects.filter(pk__in=doi_ids):
            _enqueue_registration(doi)
            count += 1
    return count


def _document(doi: Doi) -> dict[str, Any]:
    """The DataCite metadata of the DOI's entry as it is now, built from its directory."""
    source = record_source(doi.target_kind)
    if source is None:
        raise RegistrationError(f"no record source is registered for {doi.target_kind!r} entries")
    record = source(doi.target_public_id, doi.target_version)
    if record is None:
        raise RegistrationError(
            f"the {doi.target_kind} {doi.target_public_id} (version {doi.target_version}) "
            "was not found: nothing to describe"
        )
    return datacite_metadata(record, doi)


def _event(doi: Doi) -> str:
    """What DataCite is asked to do with the DOI.

    "publish" makes it findable (created if DataCite does not have it yet). A hidden DOI
    (withdrawn entry) that DataCite made findable is hidden ("hide": findable ->
    registered); one DataCite never had is created registered ("register"), as "hide"
    applies only to a findable DOI and would leave a new one a draft, which does not
    resolve. Both keep the DOI resolving to the tombstone and out of DataCite's search.
    """
    if doi.hidden_at is None:
        return "publish"
    return "hide" if doi.registered_at is not None else "register"


def _send(doi: Doi, document: dict[str, Any]) -> None:
    xml = metadata_to_xml(document)
    body = {
        "data": {
            "type": "dois",
            "attributes": {
                "doi": doi.doi,
                "event": _event(doi),
                "url": doi.landing_url,
                "xml": base64.b64encode(xml.encode("utf-8")).decode("ascii"),
            },
        }
    }
    client = DataCiteRequest(
        base_url=settings.DATACITE_API_URL.rstrip("/") + "/",
        username=settings.DATACITE_USERNAME,
        password=settings.DATACITE_PASSWORD,
        timeout=REQUEST_TIMEOUT,
    )
    try:
        # PUT creates a DOI that DataCite does not know yet and updates one it
        # knows, so a retried attempt never collides with an earlier success.
        response = client.put(
            f"dois/{doi.doi}",
            body=json.dumps(body),
            headers={"Content-Type": "application/vnd.api+json"},
        )
    except Exception as error:
        raise RegistrationError(f"DataCite could not be reached: {error}") from error
    if response.status_code not in (200, 201):
        raise RegistrationError(
            f"DataCite answered HTTP {response.status_code}: {response.text[:500]}"
        )


def doi_send(*, doi_id: int) -> None:
    """Register or update one DOI at DataCite (the body of the background task).

    The document is built from the entry when it is sent; on success the DOI keeps
    the hash of what DataCite now has. A failure changes only the state, the count
    of attempts and the error: nothing the DOI keeps is lost.
    """
    if not registration_configured():
        return
    doi = Doi.objects.filter(pk=doi_id).first()
    if doi is None or doi.is_up_to_date:
        return
    now = timezone.now()
    Doi.objects.filter(pk=doi.pk).update(
        attempts=F("attempts") + 1, last_attempt_at=now, state=Doi.State.REGISTERING
    )
    try:
        document = _document(doi)
        _send(doi, document)
    except (RegistrationError, InvalidMetadata) as error:
        Doi.objects.filter(pk=doi.pk).update(state=Doi.State.FAILED, last_error=str(error))
        logger.warning("registration of DOI %s failed: %s", doi.doi, error)
        raise
    # A newer revision saved meanwhile has its own task; do not mark it registered.
    Doi.objects.filter(pk=doi.pk, revision=doi.revision).update(
        state=Doi.State.REGISTERED,
        registered_revision=doi.revision,
        registered_at=doi.registered_at or now,
        metadata_hash=metadata_hash(document),
        last_error="",
    )
    Doi.objects.filter(pk=doi.pk, registered_at__isnull=True).update(registered_at=now)
