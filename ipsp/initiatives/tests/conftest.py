"""Fixtures of the initiatives tests: contributors with their tokens and a few terms."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ipsp.accounts.models import User
from ipsp.accounts.tokens import contributor_create, token_issue
from ipsp.initiatives import services
from ipsp.initiatives.models import Initiative
from ipsp.taxonomy.models import Term, Vocabulary

TERMS = {
    "country": ["KE", "BD", "FR", "BR", "IN"],
    "theme": ["systemic-transformation", "living-wages"],
    "agenda": ["economy"],
    "sdg": ["1", "5"],
    "discipline": ["1.1"],
    "project_type": ["pilot"],
    "activity_type": ["education-training"],
}


def make_term(vocabulary: str, code: str) -> Term:
    vocab, _created = Vocabulary.objects.get_or_create(
        code=vocabulary, defaults={"labels": {"en": vocabulary}}
    )
    term, _created = Term.objects.get_or_create(
        vocabulary=vocab, code=code, defaults={"labels": {"en": code, "fr": f"{code} (fr)"}}
    )
    return term


@pytest.fixture
def terms(taxonomy: None) -> dict[str, list[Term]]:
    return {vocab: [make_term(vocab, code) for code in codes] for vocab, codes in TERMS.items()}


@dataclass
class Contributor:
    user: User
    token: str


def make_contributor() -> Contributor:
    user = contributor_create(language="en")
    return Contributor(user=user, token=token_issue(user=user).raw)


@pytest.fixture
def contributor(db: None) -> Contributor:
    return make_contributor()


@pytest.fixture
def other_contributor(db: None) -> Contributor:
    return make_contributor()


def full_content(known: dict[str, list[Term]], **overrides: object) -> services.InitiativeContent:
    values: dict[str, object] = {
        "title": "Community water kiosks",
        "summary": "Solar-powered kiosks sell clean water at cost in informal settlements.",
        "holders": ["Wanjiru Kamau"],
        "problem": "Households pay ten times more for water than connected homes.",
        "approach": "Kiosks run by **women's groups**, with mobile payment.",
        "success": "Price per litre and water-borne illness are measured every month.",
        "replication": "Twelve towns adopted the model.",
        "externalities": "Plastic waste is collected at each kiosk.",
        "evidence_level": "monitored",
        "project_status": "active",
        "language": "en",
        "language_confirmed": True,
        "terms": [known["country"][0], known["theme"][0], known["sdg"][0]],
        "organisations": ["Maji Safi Collective"],
        "links": [services.LinkInput(url="https://example.org/report", title="Annual report")],
        "places": [
            services.PlaceInput(name="Nairobi", country_code="KE", latitude=-1.28, longitude=36.8)
        ],
    }
    values.update(overrides)
    return services.InitiativeContent(**values)  # type: ignore[arg-type]


def make_initiative(
    user: User, known: dict[str, list[Term]], *, state: str = "draft", **overrides: object
) -> Initiative:
    initiative = services.initiative_create_draft(
        contributor=user, content=full_content(known, **overrides)
    )
    if state == "draft":
        return initiative
    initiative = services.initiative_submit(initiative=initiative, by=user)
    if state == "submitted":
        return initiative
    from conftest import make_staff

    staff = User.objects.filter(groups__name="secretariat").first() or make_staff(
        "secretariat", "publisher@example.org"
    )
    return services.initiative_publish(initiative=initiative, by=staff)
