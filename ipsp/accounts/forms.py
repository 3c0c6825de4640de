from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ipsp.core.formtokens import PublicForm


class StaffSignInForm(PublicForm):
    form_name = "staff_sign_in"

    email = forms.EmailField(label=_("Email address"), max_length=254)
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput, max_length=200
    )
    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=8,
        help_text=_("The six digits shown by your authenticator app, if you have set one up."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
