"""The secretariat's lists of invitations and of validations read a fixed number of
queries, however many rows they show (no query per row)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ipsp.accounts.models import User
from ipsp.actors import validation
from ipsp.actors.tests.conftest import Contributor, make_actor
from ipsp.actors.tests.outreach_helpers import invite

pytestmark = pytest.mark.django_db


def queries_of(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm what is read once per process
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_invitation_list_reads_the_same_queries_for_one_row_or_five(
    staff_client: Client, secretariat: User
) -> None:
    url = "/en/actors/staff/invitations/"
    invite(secretariat, contact_email="first@example.org", organisation_name="First")
    one = queries_of(staff_client, url)
    for n in range(4):
        invite(secretariat, contact_email=f"more{n}@example.org", organisation_name=f"More {n}")
    assert queries_of(staff_client, url) == one


def test_the_validation_list_reads_the_same_queries_for_one_row_or_five(
    staff_client: Client, secretariat: User, contributor: Contributor, terms: dict
) -> None:
    url = "/en/actors/staff/validations/"

    def ask(n: int) -> Any:
        actor = make_actor(contributor.user, terms, state="published", name=f"Org {n}")
        return validation.validation_request(
            actor=actor, by=secretariat, validator_name=f"V {n}", validator_email=f"v{n}@x.org"
        )

    validation.validation_answer(validation=ask(0), confirmed=True)
    ask(1)
    one = queries_of(staff_client, url)
    for n in range(2, 6):
        found = ask(n)
        if n % 2:
            validation.validation_answer(validation=found, confirmed=False)
    assert queries_of(staff_client, url) == one
