"""Migration 0002: a DOI that kept its whole DataCite document keeps its hash instead, so
an entry published again unchanged is not sent again, and a changed one is."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import migrate_to
from ipsp.identifiers import metadata
from ipsp.identifiers.models import Doi
from ipsp.identifiers.tests.conftest import FakeDirectory
from ipsp.identifiers.tests.records import make_record

BEFORE = [("identifiers", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_kept_documents_become_their_hash_and_only_a_change_bumps_the_revision(
    no_datacite_credentials: Any, directory: FakeDirectory
) -> None:
    record = make_record()
    document = metadata.datacite_metadata(record)
    old_apps = migrate_to(BEFORE)
    OldDoi = old_apps.get_model("identifiers", "Doi")
    OldDoi.objects.create(
        doi=document["doi"],
        suffix="ipsp.7kq2m9xa4",
        kind="concept",
        target_kind="initiative",
        target_public_id="7kq2m9xa4",
        landing_url=record.landing_url,
        metadata=document,
    )

    migrate_to(None)

    doi = Doi.objects.get()
    assert doi.metadata_hash == metadata.metadata_hash(document)
    assert directory.reserve_concept(record).revision == 1
    assert directory.reserve_concept(make_record(title="Renamed")).revision == 2
