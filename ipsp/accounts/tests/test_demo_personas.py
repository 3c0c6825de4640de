import io
import re

import pytest
from django.contrib.auth import authenticate
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsp.accounts import demo, roles, tokens
from ipsp.accounts.models import User
from ipsp.core.demo import DemoContext


def printed_token(printed: str) -> str:
    found = re.search(r"access token: (\S+)", printed)
    assert found is not None
    return found.group(1)


def run(seed: int = 1) -> str:
    out = io.StringIO()
    demo.generate(DemoContext(size="small", seed=seed, stdout=out, show_progress=False))
    return out.getvalue()


@pytest.mark.django_db
def test_demo_creates_one_staff_member_per_role_who_can_sign_in_with_the_printed_password() -> None:
    printed = run()
    for role, email, _name in demo.STAFF_PERSONAS:
        assert f"{email} / {demo.demo_password(role)}" in printed
        user = authenticate(email=email, password=demo.demo_password(role))
        assert isinstance(user, User)
        assert role in set(user.groups.values_list("name", flat=True))


@pytest.mark.django_db
def test_demo_secretariat_and_admin_have_a_confirmed_authenticator_printed() -> None:
    printed = run()
    for role in (roles.SECRETARIAT, roles.ADMIN):
        email = next(e for r, e, _n in demo.STAFF_PERSONAS if r == role)
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        assert device.config_url in printed


@pytest.mark.django_db
def test_demo_contributor_token_printed_signs_in_and_a_second_run_replaces_it() -> None:
    first = printed_token(run())
    assert tokens.token_authenticate(first) is not None
    second = printed_token(run())
    assert tokens.token_authenticate(second) is not None
    assert tokens.token_authenticate(first) is None
    assert User.objects.filter(contact_email=demo.CONTRIBUTOR_EMAIL).count() == 1
