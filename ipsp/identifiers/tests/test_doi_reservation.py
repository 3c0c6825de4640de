"""Publishing reserves a concept DOI once and one DOI per version, suffixes from the public id."""

from __future__ import annotations

from typing import Any

import pytest

from ipsp.identifiers import metadata, queries, services
from ipsp.identifiers.models import Doi
from ipsp.identifiers.tests.records import make_record

pytestmark = pytest.mark.django_db


def test_first_publication_reserves_a_concept_doi_and_a_version_doi(
    no_datacite_credentials: Any, settings: Any
) -> None:
    settings.DOI_PREFIX = "10.12345"

    concept, version = services.dois_publish(concept=make_record(), version=make_record(version=1))

    assert concept.doi == "10.12345/ipsp.7kq2m9xa4"
    assert version.doi == "10.12345/ipsp.7kq2m9xa4.v1"
    assert (concept.kind, version.kind) == (Doi.Kind.CONCEPT, Doi.Kind.VERSION)
    assert concept.state == version.state == Doi.State.RESERVED
    assert not concept.is_registered
    assert concept.landing_url == "https://ipsp.example.org/en/initiatives/7kq2m9xa4/"
    assert version.landing_url.endswith("/versions/1/")


def test_publishing_again_keeps_one_concept_doi_and_adds_a_version(
    no_datacite_credentials: Any,
) -> None:
    services.dois_publish(concept=make_record(), version=make_record(version=1))
    services.dois_publish(concept=make_record(title="New title"), version=make_record(version=2))
    # the same publication replayed changes nothing
    services.dois_publish(concept=make_record(title="New title"), version=make_record(version=2))

    dois = queries.dois_for("initiative", "7kq2m9xa4")
    assert [doi.doi.split("/")[1] for doi in dois] == [
        "ipsp.7kq2m9xa4",
        "ipsp.7kq2m9xa4.v1",
        "ipsp.7kq2m9xa4.v2",
    ]
    concept = queries.doi_for("initiative", "7kq2m9xa4")
    assert concept is not None
    renamed = metadata.datacite_metadata(make_record(title="New title"), concept)
    assert concept.metadata_hash == metadata.metadata_hash(renamed)
    assert concept.revision == 2
    assert queries.doi_for("initiative", "7kq2m9xa4", version=2) == dois[2]
    assert queries.doi_for("initiative", "7kq2m9xa4", version=9) is None
    assert queries.doi_for("actor", "7kq2m9xa4") is None


def test_a_version_record_cannot_reserve_a_concept_doi_nor_the_reverse() -> None:
    with pytest.raises(ValueError, match="version"):
        services.doi_reserve_concept(make_record(version=1))
    with pytest.raises(ValueError, match="version"):
        services.doi_reserve_version(make_record())
    with pytest.raises(ValueError, match="version"):
        services.dois_publish(
            concept=make_record(), version=make_record(version=1, public_id="8kq2m9xa4")
        )
    assert not Doi.objects.exists()


def test_a_record_without_a_title_or_absolute_url_is_refused() -> None:
    with pytest.raises(ValueError, match="title"):
        make_record(title="  ")
    with pytest.raises(ValueError, match="landing_url"):
        make_record(landing_url="/en/initiatives/7kq2m9xa4/")
