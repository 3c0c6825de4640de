"""The registration form sent again by the same contributor (after going back in the
browser the form carries a fresh token, so the single-use token alone cannot tell) leads
to the initiative already registered instead of creating a duplicate."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ipsp.initiatives import queries, services
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import Contributor, make_initiative
from ipsp.initiatives.tests.test_registration_form import FULL, QUICK, full_data, quick_data

pytestmark = pytest.mark.django_db

NOTICE = "You had already registered this initiative, so it was not registered a second time."


def count(title: str) -> int:
    return Initiative.objects.filter(versions__title=title).distinct().count()


def test_sending_the_quick_form_again_leads_to_the_first_initiative(
    client: Client, terms: dict
) -> None:
    first = client.post(QUICK, quick_data())
    assert first.status_code == 200
    initiative = Initiative.objects.get()

    again = client.post(QUICK, quick_data(title="  solar WATER   kiosks "), follow=True)

    assert count("Solar water kiosks") == 1 and Initiative.objects.count() == 1
    assert again.redirect_chain[-1][0] == f"/en/initiatives/{initiative.public_id}/edit/?already=1"
    assert NOTICE in again.content.decode()


def test_sending_the_full_form_again_leads_to_the_first_initiative(
    client: Client, terms: dict
) -> None:
    client.post(FULL, full_data(terms))
    initiative = Initiative.objects.get()

    again = client.post(FULL, full_data(terms))

    assert Initiative.objects.count() == 1
    assert again["Location"] == f"/en/initiatives/{initiative.public_id}/edit/?already=1"


def test_a_contributor_registering_another_title_gets_a_second_initiative(
    client: Client, terms: dict
) -> None:
    client.post(QUICK, quick_data())
    response = client.post(QUICK, quick_data(title="Rainwater tanks for schools"))

    assert response.status_code == 302
    assert "already" not in response["Location"]
    assert Initiative.objects.count() == 2


def test_two_visitors_may_register_the_same_title(terms: dict) -> None:
    Client().post(QUICK, quick_data())
    Client().post(QUICK, quick_data())

    assert count("Solar water kiosks") == 2


def test_the_rule_only_covers_a_recent_live_registration_of_the_same_contributor(
    contributor: Contributor, other_contributor: Contributor, terms: dict
) -> None:
    initiative = make_initiative(contributor.user, terms)
    title = initiative.pending_version.title  # type: ignore[union-attr]

    assert queries.initiative_registered_again(contributor.user, title.upper()) == initiative
    assert queries.initiative_registered_again(other_contributor.user, title) is None
    assert queries.initiative_registered_again(contributor.user, "") is None

    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=timezone.now() - queries.RESUBMISSION_WINDOW - datetime.timedelta(minutes=1)
    )
    assert queries.initiative_registered_again(contributor.user, title) is None


def test_a_withdrawn_initiative_does_not_count(
    contributor: Contributor, terms: dict, secretariat: Any
) -> None:
    initiative = make_initiative(contributor.user, terms, state="published")
    title = initiative.published_version.title  # type: ignore[union-attr]
    assert queries.initiative_registered_again(contributor.user, title) == initiative

    services.initiative_withdraw(initiative=initiative, by=contributor.user, reason="Ended.")

    assert queries.initiative_registered_again(contributor.user, title) is None


def test_the_notice_is_in_the_contributors_language(client: Client, terms: dict) -> None:
    client.post("/ar/initiatives/new/", quick_data())
    again = client.post("/ar/initiatives/new/", quick_data(), follow=True)

    assert "لقد سجّلت هذه المبادرة من قبل" in again.content.decode()
    assert Initiative.objects.count() == 1
