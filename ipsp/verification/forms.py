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


class ShownOnlyWithDuplicates(forms.CheckboxInput):
    """The "this is a different entry" box: rendered by verification/_duplicates.html, only
    when near duplicates were found; nowhere else."""

    template_name = "verification/widgets/nothing.html"

    @property
    def is_hidden(self) -> bool:
        return True


class VerificationFormMixin(forms.Form):
    vf_challenge = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    vf_solution = forms.CharField(widget=forms.HiddenInput, required=False)
    vf_distinct = forms.BooleanField(
        label=_("This is a different one: submit it anyway"),
        required=False,
        widget=ShownOnlyWithDuplicates,
    )
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


# --- Level 2: the secretariat's forms and the contributor's appeal --------------------------


AGE_CHOICES = [
    ("", _("Any age")),
    ("1", _("Waiting more than 1 day")),
    ("3", _("Waiting more than 3 days")),
    ("7", _("Waiting more than 7 days")),
    ("14", _("Waiting more than 14 days")),
]


class QueueFilterForm(forms.Form):
    """The queue's filters (a GET form: every field optional)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    age = forms.TypedChoiceField(
        label=_("Age"), required=False, choices=AGE_CHOICES, coerce=int, empty_value=None
    )
    score_min = forms.FloatField(
        label=_("Level 1 score from"), required=False, min_value=-100, max_value=1000
    )
    score_max = forms.FloatField(
        label=_("Level 1 score up to"), required=False, min_value=-100, max_value=1000
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]] | None = None,
        languages: list[str] | None = None,
        countries: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind")), *(kinds or [])]  # type: ignore[attr-defined]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("Every language")),
            *((code, code) for code in languages or []),
        ]
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Every country")),
            *((code, code) for code in countries or []),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("score_min"), data.get("score_max")
        if low is not None and high is not None and high < low:
            self.add_error("score_max", _("The upper score cannot be below the lower one."))
        return data


def _checklist_fields() -> dict[str, forms.Field]:
    from ipsp.verification.level2 import CHECKLIST

    return {key: forms.BooleanField(label=label, required=False) for key, label in CHECKLIST}


def _reason_choices() -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    from ipsp.verification.models import RejectionReason

    language = get_language() or "en"
    reasons = RejectionReason.objects.filter(active=True).prefetch_related("translations")
    return [("", str(_("Choose a reason"))), *((r.code, r.label_in(language)) for r in reasons)]


DECISION_CHOICES = [
    ("publish", _("Publish")),
    ("request_changes", _("Request changes")),
    ("reject", _("Reject")),
    ("spam", _("Mark as spam")),
]


class QueueDecisionForm(forms.Form):
    """The secretariat's decision on one item, with the checklist and the stamp it saw."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES)
    stamp = forms.CharField(widget=forms.HiddenInput, max_length=200)
    reason = forms.ChoiceField(label=_("Reason for a rejection"), required=False)
    message = forms.CharField(
        label=_("Message to the contributor"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you request changes; added to the reason of a rejection."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_checklist_fields())
        self.fields["reason"].choices = _reason_choices()  # type: ignore[attr-defined]

    def checklist(self) -> dict[str, bool]:
        from ipsp.verification.level2 import CHECKLIST_KEYS

        return {key: bool(self.cleaned_data.get(key)) for key in CHECKLIST_KEYS}


class BulkDecisionForm(forms.Form):
    """One decision for several items; each item's stamp comes as ``stamp-<item id>``."""

    items = forms.MultipleChoiceField(label=_("Items"), widget=forms.CheckboxSelectMultiple)
    decision = forms.ChoiceField(
        label=_("Decision for the selected items"), choices=DECISION_CHOICES
    )
    reason = forms.ChoiceField(label=_("Reason for a rejection"), required=False)
    message = forms.CharField(
        label=_("Message to the contributors"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    checked = forms.BooleanField(
        label=_("I checked every point of the checklist for each selected item"),
        required=False,
    )

    def __init__(self, *args: Any, item_ids: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(pid, pid) for pid in item_ids or []]  # type: ignore[attr-defined]
        self.fields["reason"].choices = _reason_choices()  # type: ignore[attr-defined]
        self.fields["items"].error_messages["required"] = _("Select at least one item.")
        self.fields["items"].error_messages["invalid_choice"] = _(
            "An item you selected is no longer waiting; reload the queue."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "publish" and not data.get("checked"):
            self.add_error(
                "checked", _("Confirm that you checked the checklist for every selected item.")
            )
        return data


class TermsForm(forms.Form):
    """The entry's terms, fixed from the queue: current ones kept or removed, suggestions added."""

    stamp = forms.CharField(widget=forms.HiddenInput, max_length=200)
    terms = forms.MultipleChoiceField(
        label=_("Terms"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["terms"].choices = choices or []  # type: ignore[attr-defined]
        self.fields["terms"].error_messages["invalid_choice"] = _("Choose among the terms shown.")


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should the decision change?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say why the decision should change.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ipsp.verification import conf

        self.fields["text"].help_text = _(
            "You can appeal once. The secretariat answers within %(days)s days."
        ) % {"days": conf.get("APPEAL_DEADLINE_DAYS")}


APPEAL_OUTCOME_CHOICES = [
    ("requeue", _("Uphold: back to the queue for a new decision")),
    ("publish", _("Uphold and publish")),
    ("dismiss", _("Dismiss: the decision stands")),
]


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision on the appeal"), choices=APPEAL_OUTCOME_CHOICES, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Reasons, for the contributor"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Give the reasons for this decision; the contributor reads them.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_checklist_fields())

    def checklist(self) -> dict[str, bool]:
        from ipsp.verification.level2 import CHECKLIST_KEYS

        return {key: bool(self.cleaned_data.get(key)) for key in CHECKLIST_KEYS}
