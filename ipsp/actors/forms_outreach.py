"""Forms of invitations and third-party validation: the secretariat's, and the public ones
that an invitee or a validator posts through their one-time link (no cookie: ``PublicForm``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ipsp.accounts import roles
from ipsp.accounts.models import User
from ipsp.actors.forms import CONSENT_TEXT, HttpUrlField
from ipsp.actors.invitations import DECLINE_MAX, REASON_MAX, RETENTION_MAX, RETENTION_MIN
from ipsp.actors.models import NAME_MAX
from ipsp.actors.validation import COMMENT_MAX
from ipsp.core.formtokens import PublicForm

EMAIL_ERRORS = {"invalid": _("Enter a valid email address, like name@example.org.")}
NEW_ENTRY = "new"


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language of the email"), choices=settings.LANGUAGES, initial="en"
    )


class InvitationForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation"), max_length=NAME_MAX)
    website = HttpUrlField(label=_("Website"), max_length=500, required=False)
    contact_name = forms.CharField(
        label=_("Contact person (optional)"), max_length=200, required=False
    )
    contact_email = forms.EmailField(
        label=_("Contact email"), max_length=254, error_messages=EMAIL_ERRORS
    )
    reason = forms.CharField(
        label=_("Why is this organisation invited?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the organisation in the email and on the invitation page."),
    )
    language = _language_field()
    actor = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates or []
        if self.candidates:
            choices = [(c.public_id, f"{c.name} — {c.state_label}") for c in self.candidates] + [
                (NEW_ENTRY, _("None of these: create a new draft entry"))
            ]
            self.fields["actor"] = forms.ChoiceField(
                label=_("Entries that may be this organisation"),
                choices=choices,
                widget=forms.RadioSelect,
                help_text=_(
                    "Link the invitation to an existing entry rather than create a second one."
                ),
            )


class InvitationAcceptForm(PublicForm):
    form_name = "actor_invitation_accept"

    contact_email = forms.EmailField(
        label=_("Contact email (optional, private)"),
        required=False,
        max_length=254,
        help_text=_("We send your access token there, and a new one if you lose it."),
        error_messages=EMAIL_ERRORS,
    )
    contact_consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact_email") and not data.get("contact_consent"):
            self.add_error(
                "contact_consent",
                _("Please tick the box to agree that we use this address, or leave it empty."),
            )
        return data


class InvitationDeclineForm(PublicForm):
    form_name = "actor_invitation_decline"

    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=DECLINE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RetentionForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Delete the contact data of ended invitations after (days)"),
        min_value=RETENTION_MIN,
        max_value=RETENTION_MAX,
    )


class BounceForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ValidationRequestForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("A reviewer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— or a partner organisation's contact below —"),
    )
    validator_name = forms.CharField(label=_("Validator's name"), max_length=200, required=False)
    validator_email = forms.EmailField(
        label=_("Validator's email"), max_length=254, required=False, error_messages=EMAIL_ERRORS
    )
    validator_organisation = forms.CharField(
        label=_("Validator's organisation"), max_length=NAME_MAX, required=False
    )
    language = _language_field()
    message = forms.CharField(
        label=_("Message to the validator (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(groups__name=roles.REVIEWER, is_active=True).order_by(
            "display_name", "email"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reviewer") is None:
            if not (data.get("validator_name") or "").strip():
                self.add_error(
                    "validator_name", _("Give the validator's name, or choose a reviewer.")
                )
            if not data.get("validator_email") and "validator_email" not in self.errors:
                self.add_error(
                    "validator_email", _("Give the validator's email, or choose a reviewer.")
                )
        return data


class ValidationAnswerForm(PublicForm):
    form_name = "actor_validation_answer"

    outcome = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("confirm", _("I confirm this organisation exists and does what it says")),
            ("refuse", _("I cannot confirm")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the two answers.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional, for the secretariat only)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
