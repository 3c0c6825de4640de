"""The versions' terms live in ``InitiativeVersionTerm`` (migration 0003): the same table
Django made for the relation, without its index on the version column alone."""

from __future__ import annotations

import pytest
from django.db import connection

from conftest import migrate_to
from ipsp.accounts.tokens import contributor_create
from ipsp.initiatives.models import InitiativeVersion, InitiativeVersionTerm
from ipsp.initiatives.tests.conftest import Contributor, make_initiative
from ipsp.taxonomy.models import Term

TABLE = InitiativeVersionTerm._meta.db_table


def indexes_of_the_table() -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return sorted(
        info["columns"]
        for info in constraints.values()
        if (info["index"] or info["unique"]) and not info["primary_key"]
    )


def test_lookups_by_version_are_served_by_the_pair_index_alone(
    contributor: Contributor, terms: dict[str, list[Term]]
) -> None:
    assert indexes_of_the_table() == [["initiativeversion_id", "term_id"], ["term_id"]]
    initiative = make_initiative(contributor.user, terms)
    version = initiative.current_version
    assert version is not None
    assert sorted(version.terms.values_list("code", flat=True)) == [
        "1",
        "KE",
        "systemic-transformation",
    ]
    assert list(terms["country"][0].initiative_versions.all()) == [version]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_versions_terms() -> None:
    old = migrate_to([("initiatives", "0002_freshness_reminded_at")])
    vocabulary, _new = old.get_model("taxonomy", "Vocabulary").objects.get_or_create(
        code="theme", defaults={"labels": {}}
    )
    old_term = old.get_model("taxonomy", "Term")
    codes = ["test-a", "test-b", "test-c"]
    kept = [old_term.objects.create(vocabulary=vocabulary, code=code, labels={}) for code in codes]
    user = contributor_create(language="en")  # accounts is not migrated back
    old_initiative = old.get_model("initiatives", "Initiative").objects.create(
        public_id="7kq2m9xa4", contributor_id=user.pk
    )
    old_version = old.get_model("initiatives", "InitiativeVersion").objects.create(
        initiative=old_initiative, title="Community water kiosks"
    )
    old_version.terms.set(kept[:2])

    migrate_to(None)

    version = InitiativeVersion.objects.get(pk=old_version.pk)
    assert sorted(version.terms.values_list("code", flat=True)) == codes[:2]
    assert indexes_of_the_table() == [["initiativeversion_id", "term_id"], ["term_id"]]
    version.terms.add(Term.objects.get(code="test-c"))
    assert version.terms.count() == 3
