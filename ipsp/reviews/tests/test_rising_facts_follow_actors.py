"""The rising actors' table follows each organisation as it changes, one at a time:
publication, a validated edit, a field made private, a merge (the duplicate's row goes,
its flags count for the one that stays), a withdrawal, flags given and withdrawn. The
rebuild command fills it from scratch with the same rows."""

from __future__ import annotations

import dataclasses
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from ipsp.accounts.models import User
from ipsp.actors import services as actor_services
from ipsp.actors.models import Actor
from ipsp.actors.tests.conftest import publisher, term
from ipsp.reviews import services
from ipsp.reviews.models import RisingFacts, RisingTerm
from ipsp.reviews.tests.conftest import committed, publish
from ipsp.reviews.tests.test_flag_services import add


def row(actor: Actor) -> RisingFacts | None:
    return RisingFacts.objects.filter(public_id=actor.public_id).first()


def codes(actor: Actor) -> set[tuple[str, str]]:
    return set(
        RisingTerm.objects.filter(facts__public_id=actor.public_id).values_list(
            "vocabulary", "code"
        )
    )


def edit(actor: Actor, **changes: Any) -> Actor:
    """The owner edits the published organisation; ``validate`` has the edit validated."""
    owner = actor.owner
    assert owner is not None
    content = dataclasses.replace(actor_services.content_of(actor), **changes)
    return committed(lambda: actor_services.actor_update(actor=actor, by=owner, content=content))


def validate(actor: Actor) -> Actor:
    owner = actor.owner
    assert owner is not None

    def both() -> Actor:
        submitted = actor_services.actor_submit(actor=actor, by=owner)
        return actor_services.actor_publish(actor=submitted, by=publisher())

    return committed(both)


@pytest.mark.django_db
def test_a_published_organisation_gets_a_row_of_its_public_facts(terms: dict) -> None:
    actor = publish(terms, "Maji Safi Collective", founding_year=2016, staff_size="1-5")
    found = row(actor)
    assert found is not None
    assert (found.name, found.founding_year, found.staff_size) == (
        "Maji Safi Collective",
        2016,
        "1-5",
    )
    assert found.published_at == actor.published_at and found.flags == 0
    assert found.small_points == 25
    # Kenya is in Eastern Africa (014); the theme is kept for the filter
    assert codes(actor) == {("region", "014"), ("theme", terms["wages"].code)}


@pytest.mark.django_db
def test_a_draft_or_a_submission_has_no_row(terms: dict, contributor: object) -> None:
    from ipsp.actors.tests.conftest import make_actor, make_contributor

    owner = make_contributor().user
    committed(lambda: make_actor(owner, terms, state="submitted", name="Not Yet Out"))
    assert not RisingFacts.objects.exists()


@pytest.mark.django_db
def test_the_row_follows_a_validated_edit_and_not_before(terms: dict) -> None:
    actor = publish(terms, "Maji Safi Collective", countries=[term("country", "KE")])
    actor = edit(actor, name="Maji Safi Kiosks", countries=[term("country", "KZ")])
    assert row(actor).name == "Maji Safi Collective"  # type: ignore[union-attr]
    validate(actor)
    assert row(actor).name == "Maji Safi Kiosks"  # type: ignore[union-attr]
    assert ("region", "143") in codes(actor) and ("region", "014") not in codes(actor)


@pytest.mark.django_db
def test_a_size_or_founding_year_made_private_leaves_the_row_at_once(terms: dict) -> None:
    actor = publish(terms, "Quiet Cooperative", founding_year=2024, staff_size="1-5")
    edit(actor, restricted_fields=["size", "founding_year"])  # takes effect without validation
    found = row(actor)
    assert found is not None
    assert (found.founding_year, found.staff_size, found.small_points) == (None, "", 0)


@pytest.mark.django_db
def test_a_withdrawn_organisation_loses_its_row(terms: dict, secretariat: User) -> None:
    actor = publish(terms, "Gone Collective")
    committed(lambda: actor_services.actor_withdraw(actor=actor, by=secretariat, reason="Closed."))
    assert row(actor) is None and not RisingTerm.objects.exists()


@pytest.mark.django_db
def test_a_merged_duplicate_loses_its_row_and_its_flags_count_for_the_one_that_stays(
    terms: dict, reviewer: User, other_reviewer: User, secretariat: User
) -> None:
    duplicate = publish(terms, "Kiosk Network (old entry)")
    stays = publish(terms, "Kiosk Network")
    add(duplicate, reviewer)
    add(stays, other_reviewer)
    assert row(duplicate).flags == 1 and row(stays).flags == 1  # type: ignore[union-attr]
    committed(
        lambda: actor_services.actor_merge(
            source=duplicate, target=stays, by=secretariat, reason="Same organisation."
        )
    )
    assert row(duplicate) is None
    assert row(stays).flags == 2  # type: ignore[union-attr]


@pytest.mark.django_db
def test_flags_given_and_withdrawn_change_the_count_at_once(
    terms: dict, reviewer: User, other_reviewer: User
) -> None:
    actor = publish(terms, "Steppe Youth Lab")
    first = add(actor, reviewer)
    add(actor, other_reviewer, category="new")
    assert row(actor).flags == 2  # type: ignore[union-attr]
    services.flag_withdraw(flag=first, by=reviewer)
    assert row(actor).flags == 1  # type: ignore[union-attr]


@pytest.mark.django_db
def test_the_rebuild_command_fills_the_table_with_the_same_rows(
    terms: dict, reviewer: User
) -> None:
    kept = ["name", "founding_year", "published_at", "staff_size", "small_points", "flags"]
    add(publish(terms, "First", founding_year=2020, staff_size="6-20"), reviewer)
    publish(terms, "Second", countries=[term("country", "KZ")], places=[], staff_size="")
    publish(terms, "Private", restricted_fields=["size"], staff_size="1-5")
    before = sorted(RisingFacts.objects.values_list("public_id", *kept))
    before_codes = sorted(RisingTerm.objects.values_list("facts__public_id", "vocabulary", "code"))
    RisingFacts.objects.all().delete()
    out = StringIO()
    call_command("rising_facts_rebuild", "--no-progress", stdout=out)
    assert "Rising facts of 3 organisations" in out.getvalue()
    assert sorted(RisingFacts.objects.values_list("public_id", *kept)) == before
    assert (
        sorted(RisingTerm.objects.values_list("facts__public_id", "vocabulary", "code"))
        == before_codes
    )


@pytest.mark.django_db
def test_an_empty_table_shows_an_honest_note_and_computes_nothing_in_the_request(
    client: Client, terms: dict
) -> None:
    publish(terms, "Steppe Youth Lab")
    RisingFacts.objects.all().delete()  # e.g. right after a deploy, before the rebuild
    html = client.get("/en/actors/rising/").content.decode()
    assert "This list is being prepared" in html
    assert "Steppe Youth Lab" not in html
    assert not RisingFacts.objects.exists()
    call_command("rising_facts_rebuild", "--no-progress", stdout=StringIO())
    html = client.get("/en/actors/rising/").content.decode()
    assert "Steppe Youth Lab" in html and "This list is being prepared" not in html
