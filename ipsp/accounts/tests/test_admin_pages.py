from typing import Any

from django.test import Client

from conftest import STAFF_PASSWORD
from ipsp.accounts.models import User
from ipsp.accounts.tests.helpers import current_code, form_token, make_device


def verified_admin(client: Client, administrator: User) -> None:
    device = make_device(administrator)
    response = client.post(
        "/en/staff/sign-in/",
        {
            "email": administrator.email,
            "password": STAFF_PASSWORD,
            "otp_token": current_code(device),
            "form_token": form_token("staff_sign_in"),
        },
    )
    assert response.status_code == 302


def test_a_verified_administrator_manages_people_in_the_admin(
    client: Client, administrator: User, contributor_token: Any
) -> None:
    verified_admin(client, administrator)
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 200
    page = client.get(f"/admin/accounts/user/{contributor_token.token.user.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert contributor_token.raw[-4:] in html
    assert contributor_token.token.token_hash not in html


def test_the_admin_revokes_tokens_without_ever_showing_them(
    client: Client, administrator: User, contributor_token: Any
) -> None:
    verified_admin(client, administrator)
    response = client.post(
        "/admin/accounts/accesstoken/",
        {"action": "revoke", "_selected_action": [contributor_token.token.pk]},
    )
    assert response.status_code == 302
    contributor_token.token.refresh_from_db()
    assert contributor_token.token.revoked_reason == "revoked by staff"


def test_a_signed_in_contributor_is_refused_the_admin(
    client: Client, contributor_token: Any
) -> None:
    client.post(
        "/en/my/sign-in/",
        {"access_token": contributor_token.raw, "form_token": form_token("token_sign_in")},
    )
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
