"""Shared test set-up: personas and settings every test relies on.

Personas (visitor, contributor, other contributor, reviewer, secretariat, admin)
are fixtures here so every package's tests speak of the same people.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from ipsp.accounts import roles
from ipsp.accounts.models import User

STAFF_PASSWORD = "correct horse battery staple 42"


@pytest.fixture(autouse=True)
def _tests_settings(settings: Any, tmp_path: Any) -> Iterator[None]:
    # Tasks run at once in tests; email is kept in memory unless a test says otherwise.
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "email"],
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Argon2 is deliberately slow; tests that create hundreds of users use a fast hasher.
    # The production hasher is checked in tests/test_password_hashing.py.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test starts in English, whatever language an earlier request left active.
    with translation.override("en"):
        yield


def make_staff(role: str, email: str) -> User:
    user = User.objects.create_user(
        email=email, password=STAFF_PASSWORD, is_staff=role != roles.REVIEWER
    )
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def secretariat(db: None) -> User:
    return make_staff(roles.SECRETARIAT, "amina.secretariat@example.org")


@pytest.fixture
def reviewer(db: None) -> User:
    return make_staff(roles.REVIEWER, "joao.reviewer@example.org")


@pytest.fixture
def administrator(db: None) -> User:
    return make_staff(roles.ADMIN, "kofi.admin@example.org")


@pytest.fixture
def contributor_token(db: None) -> Any:
    """A contributor (no email, no password) and their access token: ``.raw`` and ``.token``."""
    from ipsp.accounts import tokens

    return tokens.token_issue(user=tokens.contributor_create(language="en"))


@pytest.fixture
def taxonomy(db: None) -> None:
    """The taxonomy of ipsp/taxonomy/data: migrate loads it into each test database; this
    makes sure it is there (cheap), e.g. after a test emptied it."""
    from ipsp.taxonomy import services

    services.taxonomy_ensure_loaded()


def migrate_to(targets: list[tuple[str, str]] | None) -> Any:
    """Migrate the test database to ``targets`` (``None``: the latest migrations, which the
    models match) and return the apps of that state, for tests of data migrations (mark
    them ``django_db(transaction=True)``)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
