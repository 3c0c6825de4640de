import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import STAFF_PASSWORD, make_staff
from ipsp.accounts import roles
from ipsp.accounts.models import User
from ipsp.accounts.tests.helpers import current_code, form_token, make_device, wrong_code

ENROL = "/en/staff/two-factor/"


def password_sign_in(client: Client, email: str | None) -> str:
    response = client.post(
        "/en/staff/sign-in/",
        {"email": email, "password": STAFF_PASSWORD, "form_token": form_token("staff_sign_in")},
    )
    assert response.status_code == 302
    return response["Location"]


def test_secretariat_without_device_is_sent_to_enrol_after_password(
    client: Client, secretariat: User
) -> None:
    assert password_sign_in(client, secretariat.email).startswith(ENROL)
    page = client.get(ENROL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'class="qr-code"' in html
    device = TOTPDevice.objects.get(user=secretariat, confirmed=False)
    secret = " ".join(html.split('class="totp-secret">')[1].split("</code>")[0].split())
    assert secret.replace(" ", "") == __import__("base64").b32encode(
        device.bin_key
    ).decode().rstrip("=")
    assert "no-store" in page["Cache-Control"]


def test_the_enrolment_page_keeps_the_same_secret_on_reload(
    client: Client, secretariat: User
) -> None:
    password_sign_in(client, secretariat.email)
    client.get(ENROL)
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=secretariat).count() == 1


@pytest.mark.parametrize("path", ["/en/staff/", "/admin/", "/admin/accounts/user/"])
def test_secretariat_without_verified_device_reaches_nothing_staff_only(
    client: Client, secretariat: User, path: str
) -> None:
    password_sign_in(client, secretariat.email)
    response = client.get(path, follow=True)
    assert ENROL in response.redirect_chain[-1][0]
    assert "Set up your authenticator app" in response.content.decode()


def test_confirming_a_code_verifies_the_session_and_opens_the_staff_pages(
    client: Client, secretariat: User
) -> None:
    password_sign_in(client, secretariat.email)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=secretariat)
    response = client.post(ENROL, {"code": current_code(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert client.get("/en/staff/").status_code == 200


def test_a_wrong_enrolment_code_is_refused_at_the_field(client: Client, secretariat: User) -> None:
    password_sign_in(client, secretariat.email)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=secretariat)
    response = client.post(ENROL, {"code": wrong_code(device)})
    assert "This code is not right." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302


def test_an_enrolment_code_of_the_wrong_shape_is_refused(client: Client, secretariat: User) -> None:
    password_sign_in(client, secretariat.email)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "12345"})
    assert "Type the six digits shown by your app." in response.content.decode()


def test_admin_role_without_verified_device_is_refused_the_admin(
    client: Client, administrator: User
) -> None:
    assert password_sign_in(client, administrator.email).startswith(ENROL)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "/admin/" not in response.content.decode()
    follow = client.get("/admin/login/?next=/admin/")
    assert ENROL in follow["Location"]


def test_superuser_needs_a_second_factor_too(client: Client, db: None) -> None:
    User.objects.create_superuser("root@example.org", STAFF_PASSWORD)
    assert password_sign_in(client, "root@example.org").startswith(ENROL)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("role", [roles.COUNCIL, roles.FUNDER])
def test_council_and_funders_reach_the_admin_with_password_only(
    client: Client, db: None, role: str
) -> None:
    person = make_staff(role, f"{role}@example.org")
    assert password_sign_in(client, person.email) == "/en/staff/"
    assert client.get("/admin/").status_code == 200


def test_reviewer_may_set_up_a_second_factor_but_is_not_forced(
    client: Client, reviewer: User
) -> None:
    assert password_sign_in(client, reviewer.email) == "/en/staff/"
    page = client.get(ENROL)
    assert "optional for your role" in page.content.decode()


def test_reviewer_is_refused_the_admin(client: Client, reviewer: User) -> None:
    password_sign_in(client, reviewer.email)
    assert client.get("/admin/login/").status_code == 403


def test_admin_login_sends_visitors_to_our_sign_in_page(client: Client, db: None) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302
    assert "/staff/sign-in/" in follow["Location"]
    assert not follow.cookies


def test_visitors_and_contributors_cannot_open_the_enrolment_page(
    client: Client, contributor_token
) -> None:
    assert "/staff/sign-in/" in client.get(ENROL)["Location"]
    client.force_login(
        contributor_token.token.user, backend="ipsp.accounts.tokens.AccessTokenBackend"
    )
    assert client.get(ENROL).status_code == 403
    assert client.get("/en/staff/").status_code == 403


def test_with_a_confirmed_device_the_enrolment_page_shows_no_secret(
    client: Client, secretariat: User
) -> None:
    device = make_device(secretariat)
    client.post(
        "/en/staff/sign-in/",
        {
            "email": secretariat.email,
            "password": STAFF_PASSWORD,
            "otp_token": current_code(device),
            "form_token": form_token("staff_sign_in"),
        },
    )
    html = client.get(ENROL).content.decode()
    assert "Your authenticator app is set up" in html
    assert "<svg" not in html
