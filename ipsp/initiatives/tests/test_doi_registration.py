"""The DOIs of an initiative are registered at DataCite with a document built from the
initiative when it is sent (nothing kept but a hash), and its page reads the APA and
Chicago references formatted at publication."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from ipsp.identifiers import services as identifier_services
from ipsp.identifiers.models import Doi, FormattedCitation
from ipsp.identifiers.tests.conftest import (  # noqa: F401 - fixtures
    FakeDataCite,
    datacite_credentials,
    fake_datacite,
)
from ipsp.initiatives import services
from ipsp.initiatives.citable import doi_record
from ipsp.initiatives.tests.public_helpers import (
    page_url,
    publish,
    publish_new_version,
    publisher,
    visitor,
)

pytestmark = pytest.mark.django_db

KERNEL = "{http://datacite.org/schema/kernel-4}"
Capture = Callable[..., Any]


def sent(datacite: FakeDataCite) -> dict[str, etree._Element]:
    """The XML sent for each DOI, by DOI suffix."""
    documents = {}
    for request in datacite.requests:
        attributes = request.json()["data"]["attributes"]
        suffix = request.path.rsplit("/", 1)[1]
        documents[suffix] = etree.fromstring(base64.b64decode(attributes["xml"]))
    return documents


def test_publishing_registers_both_dois_with_the_initiative_s_own_metadata(
    contributor: Any,
    terms: Any,
    datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        initiative = publish(contributor.user, terms)

    documents = sent(datacite_credentials)
    pid = initiative.public_id
    assert sorted(documents) == [f"ipsp.{pid}", f"ipsp.{pid}.v1"]
    concept = documents[f"ipsp.{pid}"]
    assert concept.findtext(f"{KERNEL}titles/{KERNEL}title") == "Community water kiosks"
    assert concept.findtext(f"{KERNEL}creators/{KERNEL}creator/{KERNEL}creatorName") == (
        "Wanjiru Kamau"
    )
    for doi in Doi.objects.filter(target_public_id=pid):
        assert doi.is_up_to_date and len(doi.metadata_hash) == 64


def test_a_new_version_sends_the_changed_dois_and_an_unchanged_republication_sends_none(
    contributor: Any,
    terms: Any,
    datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        initiative = publish(contributor.user, terms)
    datacite_credentials.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        initiative = publish_new_version(initiative, terms, title="Solar water kiosks")

    documents = sent(datacite_credentials)
    pid = initiative.public_id
    assert sorted(documents) == [f"ipsp.{pid}", f"ipsp.{pid}.v1", f"ipsp.{pid}.v2"]
    assert documents[f"ipsp.{pid}"].findtext(f"{KERNEL}titles/{KERNEL}title") == (
        "Solar water kiosks"
    )
    relations = {
        (item.get("relationType"), item.text)
        for item in documents[f"ipsp.{pid}.v1"].iter(f"{KERNEL}relatedIdentifier")
    }
    assert ("IsPreviousVersionOf", f"10.99999/ipsp.{pid}.v2") in relations

    datacite_credentials.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.identifiers_on_publish(initiative)  # the same publication again
    assert datacite_credentials.requests == []


def test_a_withdrawn_initiative_s_dois_can_still_be_sent(
    contributor: Any,
    terms: Any,
    datacite_credentials: FakeDataCite,  # noqa: F811
    django_capture_on_commit_callbacks: Capture,
) -> None:
    initiative = publish(contributor.user, terms)
    services.initiative_withdraw(initiative=initiative, by=publisher(), reason="Asked for.")
    concept = Doi.objects.get(target_public_id=initiative.public_id, kind="concept")
    assert doi_record(initiative.public_id, None) is not None

    identifier_services.doi_send(doi_id=concept.pk)

    concept.refresh_from_db()
    assert concept.state == Doi.State.REGISTERED


def test_the_page_shows_the_references_stored_at_publication(
    contributor: Any, terms: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # stored once it commits
        initiative = publish(contributor.user, terms)
    concept = Doi.objects.get(target_public_id=initiative.public_id, kind="concept")
    stored = FormattedCitation.objects.get(doi=concept, locale="en-US")
    assert "Community water kiosks" in stored.apa and "Community Water Kiosks" in stored.chicago
    FormattedCitation.objects.filter(pk=stored.pk).update(
        apa=stored.apa.replace("Community water kiosks", "Kiosks as stored")
    )

    html = visitor().get(page_url(initiative)).content.decode()

    assert "Kiosks as stored" in html


def test_a_page_in_another_language_formats_its_references_once_and_keeps_them(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(contributor.user, terms)
    concept = Doi.objects.get(target_public_id=initiative.public_id, kind="concept")
    assert not FormattedCitation.objects.filter(doi=concept, locale="fr-FR").exists()

    visitor().get(page_url(initiative, "fr"))

    stored = FormattedCitation.objects.get(doi=concept, locale="fr-FR")
    assert stored.revision == concept.revision
    assert "Community water kiosks" in stored.apa
