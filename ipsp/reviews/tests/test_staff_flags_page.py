"""The secretariat's list of flags: latest first, with reasons and who, by category and
state; reached from the staff home page."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.accounts.models import User
from ipsp.reviews import services
from ipsp.reviews.tests.conftest import publish
from ipsp.reviews.tests.test_flag_services import add


@pytest.mark.django_db
def test_the_secretariat_sees_the_latest_flags_and_filters_by_category_and_state(
    secretariat_client: Client, terms: dict, reviewer: User, other_reviewer: User
) -> None:
    first = publish(terms, "Alpha Collective")
    second = publish(terms, "Beta Network")
    add(first, reviewer, category="small", reason="Three people.")
    withdrawn = add(second, other_reviewer, category="innovative", reason="New model.")
    services.flag_withdraw(flag=withdrawn, by=other_reviewer, note="Mistaken.")
    add(second, reviewer, category="active", reason="Monthly events.")

    html = secretariat_client.get("/en/reviews/staff/flags/").content.decode()
    assert html.index("Beta Network") < html.index("Alpha Collective")  # latest first
    assert "Monthly events." in html and "Three people." in html and (reviewer.email or "-") in html
    assert "New model." not in html  # live flags by default

    small = secretariat_client.get("/en/reviews/staff/flags/?category=small").content.decode()
    assert "Three people." in small and "Monthly events." not in small

    history = secretariat_client.get("/en/reviews/staff/flags/?state=withdrawn").content.decode()
    assert "New model." in history and "Mistaken." in history and "Three people." not in history


@pytest.mark.django_db
def test_the_staff_home_links_to_the_flags_for_the_secretariat_only(
    secretariat_client: Client, reviewer_client: Client
) -> None:
    assert "/en/reviews/staff/flags/" in secretariat_client.get("/en/staff/").content.decode()
    assert "/en/reviews/staff/flags/" not in reviewer_client.get("/en/staff/").content.decode()


@pytest.mark.django_db
def test_unknown_filter_values_show_the_live_flags(
    secretariat_client: Client, terms: dict, reviewer: User
) -> None:
    add(publish(terms, "Alpha Collective"), reviewer, reason="Three people.")
    html = secretariat_client.get("/en/reviews/staff/flags/?category=x&state=y").content.decode()
    assert "Three people." in html
