"""Small helpers for the accounts tests: authenticator devices and public form tokens."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsp.accounts.models import User
from ipsp.core import formtokens


def make_device(user: User, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=confirmed)


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(value).zfill(device.digits)


def wrong_code(device: TOTPDevice) -> str:
    right = int(current_code(device))
    return str((right + 500_000) % 1_000_000).zfill(6)


def form_token(form_name: str) -> str:
    return formtokens.issue(form_name)
