"""Helpers of the public-page tests: published initiatives made through the real services."""

from __future__ import annotations

from typing import Any

from django.test import Client

from ipsp.accounts.models import User
from ipsp.initiatives import services
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import full_content, make_initiative
from ipsp.taxonomy.models import Term


def publisher() -> User:
    from conftest import make_staff

    return User.objects.filter(groups__name="secretariat").first() or make_staff(
        "secretariat", "publisher@example.org"
    )


def publish(user: User, known: dict[str, list[Term]], /, **overrides: Any) -> Initiative:
    """A published initiative (version 1) of ``user``, with the usual content."""
    return make_initiative(user, known, state="published", **overrides)


def publish_new_version(
    initiative: Initiative, known: dict[str, list[Term]], /, **overrides: Any
) -> Initiative:
    """Edit the published initiative and publish the edit: the next version."""
    by = initiative.contributor
    services.initiative_edit_published(initiative=initiative, by=by)
    initiative.refresh_from_db()
    services.initiative_update_draft(
        initiative=initiative, by=by, content=full_content(known, **overrides)
    )
    initiative = services.initiative_submit(initiative=initiative, by=by)
    return services.initiative_publish(initiative=initiative, by=publisher())


def page_url(initiative: Initiative, language: str = "en", suffix: str = "") -> str:
    return f"/{language}/initiatives/{initiative.public_id}/{suffix}"


def visitor() -> Client:
    """A browser with no cookie that sends what a real one sends on same-site requests."""
    return Client(headers={"Sec-Fetch-Site": "same-origin"})


def make_terms() -> dict[str, list[Term]]:
    """The terms of the initiatives tests, outside pytest's fixtures (e.g. browser tests)."""
    from ipsp.initiatives.tests.conftest import TERMS, make_term

    return {vocab: [make_term(vocab, code) for code in codes] for vocab, codes in TERMS.items()}
