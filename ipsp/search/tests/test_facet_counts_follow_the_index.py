"""Facet counts are right the moment an entry is published, edited, flagged or withdrawn.

The whole directory and the list of one kind read their counts from totals kept up to
date by the index writes (``ipsp.search.facet_totals``); every other state counts over
its matches. Both must agree with a count made by hand.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from django.test import Client

from ipsp.initiatives import services as initiatives
from ipsp.initiatives.tests.conftest import make_contributor
from ipsp.initiatives.tests.public_helpers import make_terms, publisher
from ipsp.search import registry
from ipsp.search.documents import SearchDocument
from ipsp.search.queries import search
from ipsp.search.services import document_index, document_remove, entry_flag_set, index_rebuild
from ipsp.search.tests.factories import index, make_doc
from ipsp.search.tests.test_map_geojson import publish

pytestmark = pytest.mark.django_db

FACETS = ["kind", "country", "theme", "flagged"]


def counts(text: str = "", **filters: list[str]) -> dict[str, dict[str, int]]:
    results = search(text, filters=filters, facets=FACETS)
    return {
        name: {item.code: item.count for item in items} for name, items in results.facets.items()
    }


def by_hand(docs: list[SearchDocument], **filters: list[str]) -> dict[str, dict[str, int]]:
    """The counts of ``docs`` passing ``filters`` (OR within a facet, AND across)."""
    counted: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for doc in docs:
        pairs = doc.facet_pairs()
        if all(any((name, code) in pairs for code in codes) for name, codes in filters.items()):
            for name, code in pairs:
                if name in counted:
                    counted[name][code] += 1
    return {name: dict(found) for name, found in counted.items()}


@pytest.fixture
def docs() -> list[SearchDocument]:
    made = [
        make_doc(
            f"Entry {n}",
            "wages",
            kind="actor" if n % 4 == 0 else "initiative",
            country=[["KE"], ["KE", "UG"], ["BD"]][n % 3],
            theme=[["living-wages"], ["cities-social-progress"]][n % 2],
            flagged=n % 5 == 0,
        )
        for n in range(12)
    ]
    index(*made)
    return made


def test_counts_of_the_whole_directory_and_of_one_kind_equal_a_count_by_hand(
    docs: list[SearchDocument],
) -> None:
    assert counts() == by_hand(docs)
    assert counts(kind=["actor"]) == by_hand(docs, kind=["actor"])
    assert counts(kind=["actor", "initiative"]) == by_hand(docs)
    assert search("", filters={"kind": ["actor"]}).total == 3


def test_counts_with_filters_and_words_equal_a_count_by_hand(docs: list[SearchDocument]) -> None:
    assert counts(theme=["living-wages"]) == by_hand(docs, theme=["living-wages"])
    assert counts(kind=["initiative"], country=["UG", "BD"]) == by_hand(
        docs, kind=["initiative"], country=["UG", "BD"]
    )
    assert counts("wages", kind=["actor"]) == by_hand(docs, kind=["actor"])


def test_publishing_editing_flagging_and_withdrawing_change_the_counts_at_once(
    docs: list[SearchDocument],
) -> None:
    new = make_doc("New entry", "wages", kind="actor", country=["FR"], theme=["living-wages"])
    document_index(new)
    docs = [*docs, new]
    assert counts() == by_hand(docs)
    assert counts(kind=["actor"])["country"]["FR"] == 1

    edited = SearchDocument(
        kind="actor",
        public_id=new.public_id,
        language="en",
        title="New entry",
        facets={"country": ("GH",)},
    )
    document_index(edited)
    docs[-1] = edited
    assert counts() == by_hand(docs)
    assert "FR" not in counts(kind=["actor"])["country"]

    entry_flag_set(kind="actor", public_id=new.public_id, flagged=True)
    assert counts(kind=["actor"])["flagged"] == {"yes": 2}
    assert counts(country=["GH"])["flagged"] == {"yes": 1}
    assert counts("entry", country=["GH"])["flagged"] == {"yes": 1}
    entry_flag_set(kind="actor", public_id=new.public_id, flagged=True)  # twice: no change
    assert counts(kind=["actor"])["flagged"] == {"yes": 2}
    entry_flag_set(kind="actor", public_id=new.public_id, flagged=False)
    assert counts(kind=["actor"])["flagged"] == {"yes": 1}
    assert counts(country=["GH"]) == by_hand([edited], country=["GH"])

    document_remove(kind="actor", public_id=new.public_id)
    assert counts() == by_hand(docs[:-1])
    assert "GH" not in counts()["country"]


def test_a_rolled_back_publication_leaves_the_counts_as_they_were(
    docs: list[SearchDocument],
) -> None:
    before = counts()

    with pytest.raises(RuntimeError), transaction.atomic():
        document_index(make_doc("Never published", "wages", country=["FR"]))
        document_remove(kind=docs[0].kind, public_id=docs[0].public_id)
        raise RuntimeError("the publication failed")

    assert counts() == before


def test_a_rebuild_counts_again(docs: list[SearchDocument], clean_registry: None) -> None:
    fresh = [make_doc("Fresh", "wages", country=["FR"]), make_doc("Other", "", country=["FR"])]
    actors = [make_doc("Actor", "", kind="actor", country=["KE"])]
    registry.register_provider("initiative", lambda: fresh)
    registry.register_provider("actor", lambda: actors)

    index_rebuild(kinds=["initiative"])
    kept_actors = [doc for doc in docs if doc.kind == "actor"]
    assert counts() == by_hand([*fresh, *kept_actors])

    index_rebuild()
    assert counts() == by_hand([*fresh, *actors])


def test_a_published_then_withdrawn_initiative_is_counted_then_not(
    client: Client, taxonomy: None
) -> None:
    known = make_terms()
    author = make_contributor().user
    page = "/en/search/?kind=initiative"
    assert search("", filters={"kind": ["initiative"]}).total == 0

    initiative = publish(author, known, title="Counted at once")
    assert search("", filters={"kind": ["initiative"]}).total == 1
    html = client.get(page).content.decode()
    assert "Counted at once" in html
    shown = counts(kind=["initiative"])
    assert shown["kind"] == {"initiative": 1}

    initiatives.initiative_withdraw(initiative=initiative, by=publisher(), reason="Ended.")
    assert search("", filters={"kind": ["initiative"]}).total == 0
    assert counts(kind=["initiative"])["kind"] == {}
    assert "Counted at once" not in client.get(page).content.decode()
