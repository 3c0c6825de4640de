"""Demo personas: one staff member per role and one contributor, with credentials printed.

The passwords, authenticator secrets and token below exist only in demo data, so
that a person trying the platform can sign in as each role. Never run this
against a production database.
"""

from __future__ import annotations

import base64

from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsp.accounts import roles, tokens
from ipsp.accounts.models import User
from ipsp.core.demo import DemoContext

# (role, email, name); the password is derived from the role, for demo data only.
STAFF_PERSONAS = [
    (roles.SECRETARIAT, "secretariat@demo.example.org", "Amina Diallo"),
    (roles.REVIEWER, "reviewer@demo.example.org", "João Pereira"),
    (roles.COUNCIL, "council@demo.example.org", "Meera Raman"),
    (roles.FUNDER, "funder@demo.example.org", "Lars Eriksen"),
    (roles.ADMIN, "admin@demo.example.org", "Kofi Mensah"),
]
CONTRIBUTOR_EMAIL = "contributor@demo.example.org"


def demo_password(role: str) -> str:
    return f"demo-{role.replace('_', '-')}-password"


def _staff(ctx: DemoContext, role: str, email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None)
    user.display_name = name
    user.is_staff = role != roles.REVIEWER
    user.is_superuser = False
    user.set_password(demo_password(role))
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role)[0]])
    return user


def _device(ctx: DemoContext, user: User) -> TOTPDevice:
    key = f"{ctx.rng.getrandbits(160):040x}"
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="demo", key=key, confirmed=True)


def generate(ctx: DemoContext) -> None:
    out = ctx.stdout
    out.write("\nDemo sign-ins (demo data only; sign in at /en/staff/sign-in/):\n")
    staff: dict[str, User] = {}
    for role, email, name in STAFF_PERSONAS:
        user = _staff(ctx, role, email, name)
        staff[role] = user
        out.write(f"  {roles.LABELS[role]}: {email} / {demo_password(role)}\n")
        if role in roles.SECOND_FACTOR_REQUIRED:
            device = _device(ctx, user)
            secret = base64.b32encode(device.bin_key).decode().rstrip("=")
            out.write(f"    authenticator secret: {secret}\n")
            out.write(f"    or add this URI to an authenticator app: {device.config_url}\n")

    contributor = User.objects.filter(contact_email=CONTRIBUTOR_EMAIL).first()
    if contributor is None:
        contributor = tokens.contributor_create(language="en")
        contributor.display_name = "Demo contributor"
        contributor.contact_email = CONTRIBUTOR_EMAIL
        contributor.contact_email_consent_text = "Demo data: consent recorded for the demo."
        contributor.contact_email_consent_at = timezone.now()
        contributor.save()
    issued = tokens.token_rotate(user=contributor)  # a fresh token each run, printed once
    out.write("Demo contributor (sign in at /en/my/sign-in/):\n")
    out.write(f"  access token: {issued.raw}\n\n")

    ctx.shared["staff_by_role"] = staff
    ctx.shared["demo_contributor"] = contributor
