"""The level 1 fields a public form carries: challenge, its answer and a honeypot.

Add ``VerificationFormMixin`` first among a form's bases, render the form's
hidden fields as usual (includes/form_fields.html does) and include
``verification/_challenge.html`` inside the <form>; then build the Submission
with ``form.verification_signals()``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipsp.verification import challenge as challenges
from ipsp.verification.types import ChallengeRefused, FormSignals


class HoneypotInput(forms.TextInput):
    """A text input that people never see (in a ``hidden`` block) and robots fill in."""

    template_name = "verification/widgets/honeypot.html"

    @property
    def is_hidden(self) -> bool:
        return True


class VerificationFormMixin(forms.Form):
    vf_challenge = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    vf_solution = forms.CharField(widget=forms.HiddenInput, required=False)
    vf_website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=HoneypotInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["vf_challenge"] = challenges.challenge_issue().signed

    def challenge_for_page(self) -> challenges.Challenge | None:
        """The challenge the page shows to the browser's script."""
        value = self["vf_challenge"].value() or ""
        try:
            return challenges.challenge_read(value)
        except ChallengeRefused:
            return None

    def renew_challenge(self) -> None:
        """A fresh challenge for a re-displayed form."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data["vf_challenge"] = challenges.challenge_issue().signed
        data["vf_solution"] = ""
        self.data = data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            issued = challenges.challenge_read(cleaned.get("vf_challenge", ""))
            solution = cleaned.get("vf_solution", "")
            if solution:
                challenges.solution_read(solution, issued)
        except ChallengeRefused as refused:
            self.add_error(None, forms.ValidationError(str(refused.message), code=refused.code))
            self.renew_challenge()
        return cleaned

    def verification_signals(self) -> FormSignals:
        return FormSignals(
            challenge=self.cleaned_data.get("vf_challenge", ""),
            solution=self.cleaned_data.get("vf_solution", ""),
            honeypot=self.cleaned_data.get("vf_website", ""),
        )
