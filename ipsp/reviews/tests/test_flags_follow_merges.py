"""A duplicate organisation merged into another keeps its flags' records, and they count
for the entry that stays: its badge, its search facet, the rising list, the "already
flagged" rule and the withdraw button. Nothing is rewritten or lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ipsp.accounts.models import User
from ipsp.actors import services as actor_services
from ipsp.reviews import rising, services
from ipsp.reviews.models import Flag
from ipsp.reviews.tests.conftest import publish, signed_in
from ipsp.reviews.tests.test_flag_services import add
from ipsp.search.queries import search


@pytest.mark.django_db
def test_flags_of_a_merged_duplicate_count_for_the_entry_that_stays(
    client: Client,
    terms: dict,
    reviewer: User,
    other_reviewer: User,
    secretariat: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    duplicate = publish(terms, "Kiosk Network (old entry)")
    stays = publish(terms, "Kiosk Network")
    flag = add(duplicate, reviewer, category="small")
    add(stays, other_reviewer, category="small")
    with django_capture_on_commit_callbacks(execute=True):
        actor_services.actor_merge(
            source=duplicate, target=stays, by=secretariat, reason="Same organisation."
        )

    assert Flag.objects.get(pk=flag.pk).entry_public_id == duplicate.public_id  # untouched
    html = client.get(f"/en/actors/{stays.public_id}/").content.decode()
    assert "Flagged by reviewers as: Small (2 times" in html
    results = search("kiosks", facets=["flagged"])
    assert [(item.code, item.count) for item in results.facets["flagged"]] == [("yes", 1)]
    ranked = {item.facts.name: item for item in rising.rising_actors()}
    assert "flagged by 2 reviewers" in [r.text for r in ranked["Kiosk Network"].reasons]

    with pytest.raises(services.FlagError):
        add(stays, reviewer, category="new")  # already flagged, through the duplicate
    page = signed_in(reviewer).get(f"/en/actors/{stays.public_id}/").content.decode()
    assert "You have flagged this entry as: Small." in page

    with django_capture_on_commit_callbacks(execute=True):
        services.flag_withdraw(flag=flag, by=reviewer)
    html = client.get(f"/en/actors/{stays.public_id}/").content.decode()
    assert "Flagged by reviewers as: Small (once," in html


@pytest.mark.django_db
def test_withdrawing_the_last_flag_of_a_merged_duplicate_unflags_the_entry_that_stays(
    terms: dict, reviewer: User, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    duplicate = publish(terms, "Kiosk Network (old entry)")
    stays = publish(terms, "Kiosk Network")
    flag = add(duplicate, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        actor_services.actor_merge(
            source=duplicate, target=stays, by=secretariat, reason="Same organisation."
        )
    assert search("kiosks", facets=["flagged"]).facets["flagged"]
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_withdraw(flag=flag, by=reviewer)
    assert not search("kiosks", facets=["flagged"]).facets["flagged"]


@pytest.mark.django_db
def test_the_secretariats_list_shows_the_entry_that_stays(
    secretariat_client: Client, terms: dict, reviewer: User, secretariat: User
) -> None:
    duplicate = publish(terms, "Kiosk Network (old entry)")
    stays = publish(terms, "Kiosk Network")
    add(duplicate, reviewer, reason="Three people.")
    actor_services.actor_merge(source=duplicate, target=stays, by=secretariat, reason="Same.")
    html = secretariat_client.get("/en/reviews/staff/flags/").content.decode()
    assert f'href="/en/actors/{stays.public_id}/"' in html
