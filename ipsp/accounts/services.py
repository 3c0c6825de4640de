"""Writes and rules of the accounts package: sign-in, second factor, contributors' tokens."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsp.accounts import roles, throttle, tokens
from ipsp.accounts.mail import account_mailer
from ipsp.accounts.models import User
from ipsp.accounts.tokens import IssuedToken
from ipsp.core.siteurl import site_url

TOKEN_BACKEND = "ipsp.accounts.tokens.AccessTokenBackend"  # noqa: S105 (a class path)
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"  # noqa: S105

STAFF_REFUSED = _("The email address, password or code is not right.")
# One message for every refused token, so the answer never tells whether a token existed.
TOKEN_REFUSED = _(
    "This access token was not accepted. Check that you copied all of it, or use the file "
    "you downloaded."
)


@dataclass(frozen=True)
class DomainError:
    field: str | None
    message: str | Promise


def _throttled(minutes: int) -> DomainError:
    return DomainError(
        None,
        ngettext(
            "Too many attempts failed. Please try again in %(minutes)s minute.",
            "Too many attempts failed. Please try again in %(minutes)s minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )


# --- Roles and the second factor -------------------------------------------------------


def user_roles(user: object) -> set[str]:
    if not isinstance(user, User):
        return set()
    return set(user.groups.values_list("name", flat=True))


def is_staff_member(user: object) -> bool:
    """People who sign in with a password: reviewers, staff of every role, superusers."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.is_staff or bool(user_roles(user) & roles.STAFF_ROLES)


def requires_second_factor(user: object) -> bool:
    if not isinstance(user, User):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=roles.SECOND_FACTOR_REQUIRED).exists()


def has_confirmed_device(user: User) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def is_verified(user: object) -> bool:
    """Whether this request's user gave a second factor (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    if callable(check):
        return bool(check())
    # Just signed in during this request: django_otp.login() has set the device.
    return getattr(user, "otp_device", None) is not None


def second_factor_missing(user: object) -> bool:
    """True for a signed-in person whose role needs a second factor they have not given."""
    return requires_second_factor(user) and not is_verified(user)


# --- Staff sign-in -----------------------------------------------------------------------


def safe_next(request: HttpRequest, next_url: str | None) -> str | None:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return None


def staff_sign_in(
    request: HttpRequest, *, email: str, password: str, otp_token: str
) -> DomainError | None:
    """Sign in with password and, where a device is confirmed, the second factor.

    Someone whose role needs a second factor but who has no device yet is signed
    in unverified: every staff page sends them to enrol one first.
    """
    email = email.strip()
    minutes = throttle.minutes_left(throttle.STAFF_EMAIL, email)
    if minutes:
        return _throttled(minutes)
    # Addresses are matched without regard to case; the stored spelling is what authenticates.
    stored = User.objects.filter(email__iexact=email).values_list("email", flat=True).first()
    user = authenticate(request, email=stored or email, password=password)
    if user is None or not isinstance(user, User) or not is_staff_member(user):
        throttle.record(throttle.STAFF_EMAIL, email)
        return DomainError(None, STAFF_REFUSED)
    device = None
    if has_confirmed_device(user):
        code = "".join(otp_token.split())
        device = match_token(user, code) if code else None
        if device is None:
            throttle.record(throttle.STAFF_EMAIL, email)
            return DomainError("otp_token", STAFF_REFUSED)
    throttle.reset(throttle.STAFF_EMAIL, email)
    login(request, user, backend=PASSWORD_BACKEND)
    if device is not None:
        otp_login(request, device)
    return None


def after_sign_in_url(request: HttpRequest, next_url: str | None = None) -> str:
    """Where a freshly signed-in staff member goes: enrolment first if their role needs it."""
    target = safe_next(request, next_url) or reverse("accounts:staff_home")
    if second_factor_missing(request.user):
        return reverse("accounts:two_factor") + "?" + urlencode({"next": target})
    return target


# --- Second factor enrolment -----------------------------------------------------------------

ENROLMENT_DEVICE_NAME = "authenticator"


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows (the same on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=ENROLMENT_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(
    request: HttpRequest, *, device: TOTPDevice, code: str
) -> DomainError | None:
    """Confirm an enrolled device with a code from it; the session is then verified."""
    if not device.verify_token("".join(code.split())):
        return DomainError(
            "code",
            _("This code is not right. Check the time on your phone and type the newest code."),
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).exclude(pk=device.pk).delete()
    otp_login(request, device)
    return None


# --- Contributors ----------------------------------------------------------------------------


def contributor_sign_in(request: HttpRequest, *, raw: str) -> DomainError | None:
    """Sign a contributor in with their token; refusals never say whether it existed."""
    address = throttle.client_address(request)
    minutes = throttle.minutes_left(throttle.TOKEN_ADDRESS, address)
    if minutes:
        return _throttled(minutes)
    user = tokens.token_authenticate(raw)
    if user is None or is_staff_member(user):  # staff never sign in without their password
        throttle.record(throttle.TOKEN_ADDRESS, address)
        return DomainError("access_token", TOKEN_REFUSED)
    login(request, user, backend=TOKEN_BACKEND)
    return None


def _contact_email_apply(user: User, email: str, consent_text: str) -> None:
    email = email.strip()
    if email:
        if not consent_text.strip():
            raise ValueError("consent text is required with a contact email")
        user.contact_email = User.objects.normalize_email(email)
        user.contact_email_consent_text = consent_text
        user.contact_email_consent_at = timezone.now()
    else:
        user.contact_email = ""
        user.contact_email_consent_text = ""
        user.contact_email_consent_at = None


@transaction.atomic
def contributor_welcome(
    *, language: str = "en", contact_email: str = "", consent_text: str = ""
) -> IssuedToken:
    """A new contributor and their first token, emailed on commit if they gave an address.

    For the first submission of an entry: show ``issued.raw`` once (see
    ``accounts.shortcuts.render_token_once``) and link the entry to ``issued.token.user``.
    """
    user = tokens.contributor_create(language=language)
    if contact_email.strip():
        _contact_email_apply(user, contact_email, consent_text)
        user.full_clean(exclude=["password"])
        user.save(
            update_fields=[
                "contact_email",
                "contact_email_consent_text",
                "contact_email_consent_at",
            ]
        )
    issued = tokens.token_issue(user=user)
    account_mailer().token_email(user, issued.raw)
    return issued


@transaction.atomic
def contributor_token_rotate(*, user: User) -> IssuedToken:
    """Replace every token of the contributor by a new one, which is emailed if possible."""
    issued = tokens.token_rotate(user=user)
    account_mailer().token_email(user, issued.raw)
    return issued


@transaction.atomic
def contributor_revoke_all(request: HttpRequest) -> None:
    """Revoke every token of the signed-in contributor and sign them out."""
    user = request.user
    if isinstance(user, User):
        for token in tokens.user_tokens(user):
            tokens.token_revoke(token=token, reason="revoked by owner")
    logout(request)


@transaction.atomic
def contributor_contact_email_set(*, user: User, email: str, consent_text: str) -> None:
    """Set, change or (with an empty address) remove the private contact address.

    ``consent_text`` is the exact sentence the person ticked; it is stored with the time.
    """
    _contact_email_apply(user, email, consent_text)
    user.full_clean(exclude=["password"])
    user.save(
        update_fields=["contact_email", "contact_email_consent_text", "contact_email_consent_at"]
    )


@transaction.atomic
def user_language_set(*, user: User, language: str) -> None:
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"unknown language {language!r}")
    user.language = language
    user.save(update_fields=["language"])


def token_recovery_request(*, email: str, address: str) -> None:
    """Email a one-hour, single-use link to every contributor with this contact address.

    Whatever happens, the caller shows the same answer: nothing tells whether the
    address is known. Requests beyond a small hourly limit are silently dropped.
    """
    email = email.strip().lower()
    if throttle.minutes_left(throttle.RECOVERY_EMAIL, email) or throttle.minutes_left(
        throttle.RECOVERY_ADDRESS, address
    ):
        return
    throttle.record(throttle.RECOVERY_EMAIL, email)
    throttle.record(throttle.RECOVERY_ADDRESS, address)
    contributors = User.objects.filter(
        contact_email__iexact=email, is_active=True, groups__name=roles.CONTRIBUTOR
    ).distinct()
    with transaction.atomic():
        for user in contributors:
            value = tokens.recovery_value_make(user)
            link = site_url("accounts:token_recover", user.language, value=value)
            account_mailer().token_recovery_email(user, link)


@transaction.atomic
def token_recovery_complete(*, value: str) -> IssuedToken | None:
    """Use a recovery link: the old token is revoked, a new one issued and emailed."""
    issued = tokens.token_recover(value=value)
    if issued is not None:
        account_mailer().token_email(issued.token.user, issued.raw)
    return issued
