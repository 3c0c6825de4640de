from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from conftest import make_staff
from ipsp.accounts import roles
from ipsp.accounts.models import User
from ipsp.accounts.queries import users_with_role


@pytest.mark.django_db
def test_only_active_members_of_the_role_are_listed_oldest_first() -> None:
    first = make_staff(roles.SECRETARIAT, "first.secretariat@example.org")
    second = make_staff(roles.SECRETARIAT, "second.secretariat@example.org")
    make_staff(roles.REVIEWER, "a.reviewer@example.org")
    gone = make_staff(roles.SECRETARIAT, "gone.secretariat@example.org")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    # in two groups: listed once
    second.groups.add(Group.objects.get_or_create(name=roles.ADMIN)[0])

    assert users_with_role(roles.SECRETARIAT) == [first, second]
    assert users_with_role(roles.ADMIN) == [second]
    assert users_with_role(roles.COUNCIL) == []


@pytest.mark.django_db
def test_reachable_leaves_out_members_without_an_address() -> None:
    with_address = make_staff(roles.SECRETARIAT, "amina.secretariat@example.org")
    without = User.objects.create_user(email=None, password=None)
    without.groups.add(Group.objects.get_or_create(name=roles.SECRETARIAT)[0])

    assert users_with_role(roles.SECRETARIAT) == [with_address, without]
    assert users_with_role(roles.SECRETARIAT, reachable=True) == [with_address]
