"""The search index follows flags: an entry's first live flag makes it rank first and
appear under the "flagged" facet; withdrawing its last flag takes that away; a full
rebuild asks reviews which entries are flagged."""

from __future__ import annotations

from typing import Any

import pytest

from ipsp.accounts.models import User
from ipsp.reviews import services
from ipsp.reviews.tests.conftest import publish
from ipsp.reviews.tests.test_flag_services import add
from ipsp.search.queries import search
from ipsp.search.services import index_rebuild


def titles(results: Any) -> list[str]:
    return [hit.title for hit in results.hits]


def flagged_facet(results: Any) -> list[tuple[str, int]]:
    return [(item.code, item.count) for item in results.facets["flagged"]]


@pytest.mark.django_db
def test_flagging_ranks_the_entry_first_and_withdrawing_the_last_flag_undoes_it(
    terms: dict,
    reviewer: User,
    other_reviewer: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    publish(terms, "Kiosk Network Alpha")
    noted = publish(terms, "Kiosk Network Beta")
    before = search("kiosks", facets=["flagged"])
    assert flagged_facet(before) == []

    with django_capture_on_commit_callbacks(execute=True):
        first = add(noted, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        second = add(noted, other_reviewer)
    results = search("kiosks", facets=["flagged"])
    assert titles(results)[0] == "Kiosk Network Beta"
    assert flagged_facet(results) == [("yes", 1)]
    assert titles(search("kiosks", filters={"flagged": ["yes"]})) == ["Kiosk Network Beta"]

    with django_capture_on_commit_callbacks(execute=True):
        services.flag_withdraw(flag=first, by=reviewer)
    assert titles(search("kiosks", filters={"flagged": ["yes"]})) == ["Kiosk Network Beta"]
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_withdraw(flag=second, by=other_reviewer)
    assert flagged_facet(search("kiosks", facets=["flagged"])) == []


@pytest.mark.django_db
def test_only_the_first_flag_and_the_last_withdrawal_touch_the_index(
    terms: dict,
    reviewer: User,
    other_reviewer: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    noted = publish(terms, "Kiosk Network Beta")
    with django_capture_on_commit_callbacks() as first:
        add(noted, reviewer)
    with django_capture_on_commit_callbacks() as second:
        flag = add(noted, other_reviewer)
    with django_capture_on_commit_callbacks() as not_last:
        services.flag_withdraw(flag=flag, by=other_reviewer)
    assert (len(first), len(second), len(not_last)) == (1, 0, 0)


@pytest.mark.django_db
def test_a_rebuild_of_the_index_keeps_the_flags(terms: dict, reviewer: User) -> None:
    publish(terms, "Kiosk Network Alpha")
    noted = publish(terms, "Kiosk Network Beta")
    add(noted, reviewer)  # the on-commit update never runs here: the rebuild must ask
    index_rebuild(kinds=["actor"])
    results = search("kiosks", facets=["flagged"])
    assert titles(results)[0] == "Kiosk Network Beta"
    assert flagged_facet(results) == [("yes", 1)]
