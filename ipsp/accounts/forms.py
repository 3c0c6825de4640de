from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ipsp.accounts import tokens
from ipsp.accounts.services import TOKEN_REFUSED
from ipsp.core.formtokens import PublicForm

CONTACT_EMAIL_CONSENT = _(
    "I agree that the platform keeps this email address privately and uses it only to send "
    "me messages about my entries and, if I lose it, a way to replace my access token. I can "
    "remove it at any time."
)


class StaffSignInForm(PublicForm):
    form_name = "staff_sign_in"

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=10,
        help_text=_("The six digits shown by your authenticator app, if you have set one up."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def clean_otp_token(self) -> str:
        code = "".join(str(self.cleaned_data.get("otp_token") or "").split())
        if code and not code.isdigit():
            raise forms.ValidationError(_("The code is made of digits only."), code="not_digits")
        return code


class TwoFactorConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by your app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data.get("code") or "").split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Type the six digits shown by your app."), code="shape")
        return code


class TokenSignInForm(PublicForm):
    form_name = "token_sign_in"

    access_token = forms.CharField(
        label=_("Access token"),
        required=False,
        help_text=_("It begins with “ipsp-”."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )
    token_file = forms.FileField(
        label=_("Or the file you downloaded"),
        required=False,
        help_text=_("The small text file ipsp-access-token.txt."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("token_file")
        pasted = str(data.get("access_token") or "").strip()
        if isinstance(upload, UploadedFile):
            raw = tokens.token_from_file(upload.read(tokens.MAX_FILE_BYTES + 1))
            if not raw:
                self.add_error("token_file", TOKEN_REFUSED)
        elif pasted:
            raw = pasted
        else:
            raw = ""
            self.add_error(
                "access_token", _("Paste your access token, or choose the file you downloaded.")
            )
        data["raw"] = raw
        return data


class LostTokenForm(PublicForm):
    form_name = "lost_token"

    email = forms.EmailField(
        label=_("Contact email address"),
        max_length=254,
        help_text=_("The address you gave with your entries."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class TokenRecoverForm(PublicForm):
    form_name = "token_recover"


class ContactEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Contact email address (optional)"),
        max_length=254,
        required=False,
        help_text=_("Private: never shown to anyone. Leave empty to remove it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(label=CONTACT_EMAIL_CONSENT, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("email") and not data.get("consent"):
            self.add_error(
                "consent", _("Tick this box to keep the address, or leave the address empty.")
            )
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)


class RevokeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my token stops working at once."),
        error_messages={"required": _("Tick this box to confirm.")},
    )
