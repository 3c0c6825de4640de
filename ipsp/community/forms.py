"""Forms of the message relay: shape only; the rules are in services.py."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipsp.community.models import BODY_MAX, SUBJECT_MAX


def new_submission_key() -> str:
    return secrets.token_urlsafe(32)


class _KeyedForm(forms.Form):
    # One key per page: posting the same page twice writes one message.
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", new_submission_key())


class BodyField(forms.CharField):
    def __init__(self) -> None:
        super().__init__(
            label=_("Message"),
            max_length=BODY_MAX,
            strip=True,
            widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
            help_text=_(
                "Markdown is allowed (*italics*, **bold**, links). At most %(max)d characters."
            )
            % {"max": BODY_MAX},
            error_messages={"required": _("Write a message.")},
        )


class ContactForm(_KeyedForm):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        error_messages={"required": _("Write a subject.")},
    )
    body = BodyField()

    field_order = ["subject", "body", "key"]


class ReplyForm(_KeyedForm):
    body = BodyField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your answer")


class PersonForm(forms.Form):
    """Names another participant by their public id (block, unblock)."""

    person = forms.CharField(max_length=20)
