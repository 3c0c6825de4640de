"""Forms of the topic pages, collections and bookmarks (staff and signed-in people only:
every one of them is posted with the session's CSRF token)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class TopicTextForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the page a title.")},
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **bold**, *italics*, [links](https://example.org), lists."),
    )
    language = forms.ChoiceField(label=_("Language of this text"), choices=LANGUAGE_CHOICES)


class TopicTranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    title = forms.CharField(
        label=_("Translated title"),
        max_length=200,
        error_messages={"required": _("Give the translated title.")},
    )
    introduction = forms.CharField(
        label=_("Translated introduction"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    machine = forms.BooleanField(label=_("This is a machine translation"), required=False)


class TopicStateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("publish", "publish"), ("unpublish", "unpublish"), ("dismiss", "dismiss")]
    )


class CollectionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the collection a title.")},
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: what brings these entries together, for whom, for which event."),
    )
    language = forms.ChoiceField(label=_("Language of this text"), choices=LANGUAGE_CHOICES)


class CollectionEntryForm(forms.Form):
    entry = forms.CharField(
        label=_("Entry to add"),
        max_length=300,
        help_text=_("Its public id (e.g. 7k2m9xq4c) or the address of its page."),
        error_messages={"required": _("Give the public id or the address of an entry.")},
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class EntryKeyForm(forms.Form):
    """An entry named by kind and public id (hidden fields of the buttons on entry pages)."""

    kind = forms.SlugField(max_length=32)
    entry_id = forms.CharField(max_length=32)
    next = forms.CharField(max_length=500, required=False)


class MoveForm(EntryKeyForm):
    action = forms.ChoiceField(choices=[("up", "up"), ("down", "down"), ("remove", "remove")])


class AddToCollectionForm(EntryKeyForm):
    collection = forms.CharField(max_length=32)
