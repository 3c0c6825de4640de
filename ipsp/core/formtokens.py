"""Cookie-free protection of public forms.

Visitors never receive a cookie, so Django's CSRF cookie cannot protect the
forms they use. Instead each public form carries a signed, time-limited,
single-use token, and the request must come from our own origin
(``Sec-Fetch-Site`` and ``Origin`` headers, sent by every current browser).
A token that was already used returns what its first use produced, so a double
click or a replayed request never creates a second entry.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipsp.core.models import UsedFormToken

SALT = "ipsp.core.formtokens"
MAX_AGE = timedelta(hours=6)


def issue(form_name: str) -> str:
    return signing.dumps({"f": form_name, "n": secrets.token_urlsafe(16)}, salt=SALT, compress=True)


@dataclass(frozen=True)
class FormToken:
    form_name: str
    nonce: str

    def previous_result(self) -> str | None:
        """The URL the first use of this token led to, if it was used already."""
        used = UsedFormToken.objects.filter(nonce=self.nonce).only("result").first()
        return used.result if used else None

    def mark_used(self, result: str) -> None:
        """Record the use inside the caller's transaction; a concurrent twin fails here."""
        UsedFormToken.objects.create(nonce=self.nonce, form_name=self.form_name, result=result)


def read(value: str, form_name: str) -> FormToken | None:
    try:
        data = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("f") != form_name or not data.get("n"):
        return None
    return FormToken(form_name=form_name, nonce=str(data["n"]))


def same_origin(request: HttpRequest) -> bool:
    """True when the browser says the request comes from one of our own pages."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        # Old browsers and non-browser clients send no Origin on same-origin posts;
        # with no Sec-Fetch-Site either they are allowed, the token still applies.
        return origin is None
    allowed = {f"{request.scheme}://{request.get_host()}", settings.SITE_URL}
    allowed.update(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" in allowed


class PublicForm(forms.Form):
    """A form that visitors may post without a cookie. Subclasses set ``form_name``."""

    form_name: str = ""
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, request: HttpRequest | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.request = request
        self.token: FormToken | None = None
        if not self.is_bound:
            self.initial["form_token"] = issue(self.form_name)

    def clean_form_token(self) -> str:
        value = self.cleaned_data.get("form_token") or ""
        token = read(value, self.form_name)
        if token is None:
            raise forms.ValidationError(
                _("This form has expired. Please check your entries and send it again."),
                code="expired",
            )
        if self.request is not None and not same_origin(self.request):
            raise forms.ValidationError(
                _("This form was sent from another site and was refused."), code="origin"
            )
        self.token = token
        return value

    def renew_token(self) -> None:
        """Give a re-displayed form a fresh token, so the next send is accepted."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data["form_token"] = issue(self.form_name)
        self.data = data


def record_use(token: FormToken, result: str) -> bool:
    """Mark a token used; False when a concurrent request used it first."""
    try:
        with transaction.atomic():
            token.mark_used(result)
    except IntegrityError:
        return False
    return True


def purge_expired() -> int:
    cutoff = timezone.now() - MAX_AGE - timedelta(hours=1)
    deleted, _count = UsedFormToken.objects.filter(used_at__lt=cutoff).delete()
    return deleted
