from __future__ import annotations

import base64

import segno
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ipsp.accounts import services, throttle, tokens
from ipsp.accounts.access import contributor_required, staff_required
from ipsp.accounts.forms import (
    CONTACT_EMAIL_CONSENT,
    ContactEmailForm,
    LanguageForm,
    LostTokenForm,
    RevokeForm,
    StaffSignInForm,
    TokenRecoverForm,
    TokenSignInForm,
    TwoFactorConfirmForm,
)
from ipsp.accounts.models import User
from ipsp.accounts.sections import my_entries_sections, render_sections, staff_home_sections
from ipsp.accounts.shortcuts import no_store, render_token_once
from ipsp.core.formtokens import same_origin

# --- Staff ---------------------------------------------------------------------------------


@csrf_exempt  # a visitor has no session yet: the form's signed token protects it
@require_http_methods(["GET", "POST"])
def staff_sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = StaffSignInForm(request.POST, request=request)
        if form.is_valid():
            error = services.staff_sign_in(
                request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                otp_token=form.cleaned_data["otp_token"],
            )
            if error is None:
                return redirect(services.after_sign_in_url(request, form.cleaned_data["next"]))
            form.add_error(error.field, str(error.message))
        form.renew_token()
    else:
        form = StaffSignInForm(request=request, initial={"next": request.GET.get("next", "")})
    return render(request, "accounts/staff_sign_in.html", {"form": form})


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    return render(
        request,
        "accounts/staff_home.html",
        {
            "roles": services.user_roles(user),
            "has_device": services.has_confirmed_device(user),
            "sections": render_sections(staff_home_sections(), request, user),
        },
    )


def _qr_svg(url: str) -> str:
    # Generated here from our own data, never from user text: safe to place in the page.
    svg = segno.make(url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app"), svgclass="qr-code"
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def _grouped(secret: bytes) -> str:
    text = base64.b32encode(secret).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: required for secretariat and admin, optional for others."""
    user = request.user
    if not user.is_authenticated:
        return redirect(reverse("accounts:staff_sign_in"))
    if not isinstance(user, User) or not services.is_staff_member(user):
        raise PermissionDenied
    next_url = services.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if services.has_confirmed_device(user):
        return render(
            request,
            "accounts/two_factor_done.html",
            {
                "verified": services.is_verified(user),
                "continue_url": next_url or reverse("accounts:staff_home"),
            },
        )
    device = services.totp_device_for_enrolment(user=user)
    if request.method == "POST":
        form = TwoFactorConfirmForm(request.POST)
        if form.is_valid():
            error = services.totp_device_confirm(
                request, device=device, code=form.cleaned_data["code"]
            )
            if error is None:
                return redirect(next_url or reverse("accounts:staff_home"))
            form.add_error(error.field, str(error.message))
    else:
        form = TwoFactorConfirmForm(initial={"next": next_url or ""})
    response = render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _grouped(device.bin_key),
            "required": services.requires_second_factor(user),
        },
    )
    return no_store(response)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    # logout() empties the session, and the session middleware then deletes the cookie.
    logout(request)
    return redirect("portal:home")


# --- Contributors ----------------------------------------------------------------------------


@csrf_exempt  # visitors post it without a cookie: the form's signed token protects it
@require_http_methods(["GET", "POST"])
def token_sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = TokenSignInForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            error = services.contributor_sign_in(request, raw=form.cleaned_data["raw"])
            if error is None:
                next_url = services.safe_next(request, request.GET.get("next"))
                return redirect(next_url or reverse("accounts:my_entries"))
            form.add_error(error.field, str(error.message))
        form.renew_token()
    else:
        form = TokenSignInForm(request=request)
    return no_store(render(request, "accounts/token_sign_in.html", {"form": form}))


@contributor_required
def my_entries(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    sections = render_sections(my_entries_sections(), request, user)
    return render(request, "accounts/my_entries.html", {"sections": sections})


def _account_page(request: HttpRequest, **forms: object) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context: dict[str, object] = {
        "tokens": tokens.user_tokens(user),
        "email_form": ContactEmailForm(
            initial={"email": user.contact_email, "consent": bool(user.contact_email)}
        ),
        "language_form": LanguageForm(initial={"language": user.language}),
        "revoke_form": RevokeForm(),
    }
    context.update(forms)
    status = 400 if forms else 200
    return render(request, "accounts/my_account.html", context, status=status)


@contributor_required
@require_http_methods(["GET"])
def my_account(request: HttpRequest) -> HttpResponse:
    return _account_page(request)


@contributor_required
@require_POST
def my_account_email(request: HttpRequest) -> HttpResponse:
    form = ContactEmailForm(request.POST)
    if not form.is_valid():
        return _account_page(request, email_form=form)
    assert isinstance(request.user, User)
    services.contributor_contact_email_set(
        user=request.user,
        email=form.cleaned_data["email"] or "",
        consent_text=str(CONTACT_EMAIL_CONSENT) if form.cleaned_data["email"] else "",
    )
    return redirect(reverse("accounts:my_account") + "#contact-email")


@contributor_required
@require_POST
def my_account_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _account_page(request, language_form=form)
    assert isinstance(request.user, User)
    services.user_language_set(user=request.user, language=form.cleaned_data["language"])
    return redirect(reverse("accounts:my_account") + "#language")


@contributor_required
@require_POST
def my_token_rotate(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    issued = services.contributor_token_rotate(user=request.user)
    return render_token_once(
        request,
        issued.raw,
        emailed=bool(request.user.notification_email),
        signed_in=True,
        context={"heading": _("Your new access token")},
    )


@contributor_required
@require_POST
def my_token_revoke(request: HttpRequest) -> HttpResponse:
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _account_page(request, revoke_form=form)
    services.contributor_revoke_all(request)
    return redirect("portal:home")


@csrf_exempt  # an echo with no effect: it only turns the token the page holds into a file
@require_POST
def token_download(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("token", "")
    if not same_origin(request) or not tokens.token_is_well_formed(raw):
        return HttpResponseBadRequest(
            _("This download works only from the page that shows your token."),
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(
        tokens.token_file_text(raw.strip()), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{tokens.FILE_NAME}"'
    return no_store(response)


@csrf_exempt  # visitors post it without a cookie: the form's signed token protects it
@require_http_methods(["GET", "POST"])
def lost_token(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = LostTokenForm(request.POST, request=request)
        if form.is_valid():
            services.token_recovery_request(
                email=form.cleaned_data["email"],
                address=throttle.client_address(request),
            )
            return render(request, "accounts/lost_token_sent.html")
        form.renew_token()
    else:
        form = LostTokenForm(request=request)
    return render(request, "accounts/lost_token.html", {"form": form})


@csrf_exempt  # opened from an email, without a cookie: the signed link and form token protect it
@require_http_methods(["GET", "POST"])
def token_recover(request: HttpRequest, value: str) -> HttpResponse:
    if tokens.recovery_user(value) is None:
        return no_store(render(request, "accounts/token_recover_invalid.html", status=410))
    if request.method == "POST":
        form = TokenRecoverForm(request.POST, request=request)
        if form.is_valid():
            issued = services.token_recovery_complete(value=value)
            if issued is None:
                return no_store(render(request, "accounts/token_recover_invalid.html", status=410))
            return render_token_once(
                request,
                issued.raw,
                emailed=bool(issued.token.user.notification_email),
                context={"heading": _("Your new access token")},
            )
        form.renew_token()
    else:
        form = TokenRecoverForm(request=request)
    return no_store(render(request, "accounts/token_recover.html", {"form": form}))
