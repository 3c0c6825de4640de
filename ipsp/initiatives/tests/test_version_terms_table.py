"""The versions' terms live in ``InitiativeVersionTerm`` (migration 0003): the table Django
made for the relation, keyed by the (version, term) pair instead of an id with three indexes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from conftest import migrate_to
from ipsp.accounts.tokens import contributor_create
from ipsp.initiatives.models import InitiativeVersion, InitiativeVersionTerm
from ipsp.initiatives.tests.conftest import Contributor, make_initiative
from ipsp.taxonomy.models import Term

TABLE = InitiativeVersionTerm._meta.db_table
BEFORE = [("initiatives", "0002_freshness_reminded_at")]


def shape() -> dict[str, Any]:
    """The table's columns, primary key and other indexes, as the database reports them."""
    with connection.cursor() as cursor:
        columns = [
            column.name for column in connection.introspection.get_table_description(cursor, TABLE)
        ]
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return {
        "columns": sorted(columns),
        "key": [info["columns"] for info in constraints.values() if info["primary_key"]],
        "indexes": sorted(
            info["columns"]
            for info in constraints.values()
            if (info["index"] or info["unique"]) and not info["primary_key"]
        ),
    }


KEYED_BY_THE_PAIR = {
    "columns": ["initiativeversion_id", "term_id"],
    "key": [["initiativeversion_id", "term_id"]],
    "indexes": [["term_id"]],
}


def test_the_pair_is_the_key_and_the_term_is_indexed(
    contributor: Contributor, terms: dict[str, list[Term]]
) -> None:
    assert shape() == KEYED_BY_THE_PAIR
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [TABLE])
            assert cursor.fetchone()[0].endswith("WITHOUT ROWID")
    initiative = make_initiative(contributor.user, terms)
    version = initiative.current_version
    assert version is not None
    assert sorted(version.terms.values_list("code", flat=True)) == [
        "1",
        "KE",
        "systemic-transformation",
    ]
    assert list(terms["country"][0].initiative_versions.all()) == [version]
    version.terms.add(terms["country"][0])  # already there: no error, no second row
    version.terms.remove(terms["sdg"][0])
    assert version.terms.count() == 2
    assert InitiativeVersionTerm.objects.filter(initiativeversion=version).count() == 2


def _old_version_with_terms(old: Any, codes: list[str]) -> int:
    vocabulary, _new = old.get_model("taxonomy", "Vocabulary").objects.get_or_create(
        code="theme", defaults={"labels": {}}
    )
    old_term = old.get_model("taxonomy", "Term")
    kept = [old_term.objects.create(vocabulary=vocabulary, code=code, labels={}) for code in codes]
    user = contributor_create(language="en")  # accounts is not migrated back
    initiative = old.get_model("initiatives", "Initiative").objects.create(
        public_id="7kq2m9xa4", contributor_id=user.pk
    )
    version = old.get_model("initiatives", "InitiativeVersion").objects.create(
        initiative=initiative, title="Community water kiosks"
    )
    version.terms.set(kept[:2])
    return int(version.pk)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_versions_terms_both_ways() -> None:
    codes = ["test-a", "test-b", "test-c"]
    old = migrate_to(BEFORE)
    assert shape()["key"] == [["id"]]
    version_pk = _old_version_with_terms(old, codes)

    migrate_to(None)

    assert shape() == KEYED_BY_THE_PAIR
    version = InitiativeVersion.objects.get(pk=version_pk)
    assert sorted(version.terms.values_list("code", flat=True)) == codes[:2]
    version.terms.add(Term.objects.get(code="test-c"))

    old = migrate_to(BEFORE)  # and back: Django's own table again, with the three rows

    assert shape() == {
        "columns": ["id", "initiativeversion_id", "term_id"],
        "key": [["id"]],
        "indexes": [["initiativeversion_id"], ["initiativeversion_id", "term_id"], ["term_id"]],
    }
    old_version = old.get_model("initiatives", "InitiativeVersion").objects.get(pk=version_pk)
    assert sorted(old_version.terms.values_list("code", flat=True)) == codes
    old_version.terms.add(old.get_model("taxonomy", "Term").objects.get(code="test-a"))  # kept once
    migrate_to(None)
