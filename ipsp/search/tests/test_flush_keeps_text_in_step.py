"""A flush (after every transactional test, or `manage.py flush`) leaves no stale text rows."""

import pytest
from django.core.management import call_command

from ipsp.search import queries
from ipsp.search.services import documents_index
from ipsp.search.tests.factories import make_doc


@pytest.mark.django_db(transaction=True)
def test_entries_indexed_after_a_flush_are_found_and_the_old_ones_are_not() -> None:
    documents_index([make_doc("Community kitchens in Lagos", "shared meals")])
    call_command("flush", interactive=False, verbosity=0)

    documents_index([make_doc("Water cooperatives in Oaxaca", "shared wells")])

    assert [hit.title for hit in queries.search("shared").hits] == ["Water cooperatives in Oaxaca"]
    assert queries.search("kitchens").total == 0
