"""The flag form (staff, signed in: the session's CSRF token) and the rising actors'
filters (a GET form: no token, no cookie)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipsp.reviews.models import NOTE_MAX, REASON_MAX, Flag


class FlagForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Why should this entry be better known?"),
        choices=Flag.Category.choices,
        error_messages={
            "required": _("Choose one of the listed categories."),
            "invalid_choice": _("Choose one of the listed categories."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Seen by the secretariat and other reviewers only; the category is public."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        error_messages={
            "required": _("Say why this entry deserves attention."),
            "max_length": _(
                "Keep the reason under %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Why withdraw it? (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.TextInput(),
    )


class RisingFilters(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(
        self,
        *args: Any,
        regions: list[tuple[str, str]],
        themes: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["region"].choices = everything + regions  # type: ignore[attr-defined]
        self.fields["theme"].choices = everything + themes  # type: ignore[attr-defined]
        for name in ("region", "theme"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose one of the listed values."
            )
