# mypy: disable-error-code="union-attr, arg-type, operator, misc"
from __future__ import annotations

import io

import pytest

from ipsp.actors import demo as actors_demo
from ipsp.actors.models import Actor
from ipsp.core import demo as core_demo
from ipsp.initiatives import demo
from ipsp.initiatives.models import Initiative, InitiativeVersion
from ipsp.verification.audit import audit_trail
from ipsp.verification.models import AuditEntry

pytestmark = pytest.mark.django_db


def run(monkeypatch: pytest.MonkeyPatch, *, initiatives: int, actors: int, seed: int = 7) -> None:
    monkeypatch.setitem(core_demo.SIZES, "tiny", {"initiatives": initiatives, "actors": actors})
    ctx = core_demo.DemoContext(size="tiny", seed=seed, stdout=io.StringIO(), show_progress=False)
    actors_demo.generate(ctx)
    demo.generate(ctx)


def test_small_demo_data_goes_through_the_services(
    monkeypatch: pytest.MonkeyPatch, taxonomy: None
) -> None:
    run(monkeypatch, initiatives=40, actors=15)
    assert Initiative.objects.count() == 40
    assert Actor.objects.count() >= 15
    published = Initiative.objects.filter(state="published")
    assert published.exists()
    for initiative in published:
        assert initiative.published_version.number >= 1
        assert audit_trail("initiative", initiative.public_id).filter(action="publish").exists()
    languages = set(InitiativeVersion.objects.values_list("language", flat=True))
    assert len(languages) >= 5


def test_bulk_demo_data_makes_the_same_kind_of_rows(
    monkeypatch: pytest.MonkeyPatch, taxonomy: None
) -> None:
    monkeypatch.setattr(demo, "SERVICE_LIMIT", 0)
    run(monkeypatch, initiatives=120, actors=30)
    assert Initiative.objects.count() == 120
    for initiative in Initiative.objects.filter(state="published"):
        version = initiative.published_version
        assert version.state == "published" and version.number >= 1
        assert version.terms.filter(vocabulary__code="country").exists()
        assert version.organisations.exists() and version.places.exists()
    for initiative in Initiative.objects.filter(state__in=["draft", "submitted"]):
        assert initiative.pending_version is not None
    assert AuditEntry.objects.filter(kind="initiative", action="create").count() == 120
    withdrawn = Initiative.objects.filter(state="withdrawn").first()
    assert withdrawn is not None
    record = audit_trail("initiative", withdrawn.public_id).get(action="withdraw")  # who, when, why
    assert (record.at, record.note) == (withdrawn.withdrawn_at, withdrawn.withdrawal_reason)
    assert record.actor == withdrawn.contributor and record.actor_role == "contributor"


def test_the_same_seed_gives_the_same_texts(
    monkeypatch: pytest.MonkeyPatch, taxonomy: None
) -> None:
    monkeypatch.setattr(demo, "SERVICE_LIMIT", 0)
    run(monkeypatch, initiatives=30, actors=10, seed=3)
    first = list(InitiativeVersion.objects.order_by("pk").values_list("title", flat=True))
    Initiative.objects.all().delete()
    Actor.objects.all().delete()
    run(monkeypatch, initiatives=30, actors=10, seed=3)
    second = list(InitiativeVersion.objects.order_by("pk").values_list("title", flat=True))
    assert first == second


def test_demo_contributors_can_be_contacted(
    monkeypatch: pytest.MonkeyPatch, taxonomy: None
) -> None:
    """The demo's initiatives show the "contact the project holders" form, not "cannot
    receive messages": their contributors gave a (demo) address with consent."""
    run(monkeypatch, initiatives=10, actors=5)
    contributors = {initiative.contributor for initiative in Initiative.objects.all()}
    assert contributors
    for contributor in contributors:
        assert contributor.contact_email.endswith("@demo.example.org")
        assert contributor.contact_email_consent_at is not None
