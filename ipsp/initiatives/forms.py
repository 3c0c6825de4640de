"""The registration form of an initiative: the quick path and the full form.

Forms check shape (lengths, formats, files); the services apply the domain
rules. Rows that repeat (organisations, links, places) are formsets with a few
empty rows; "add another" re-displays the form with more rows, without
JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.validators import URLValidator
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ipsp.core import geocoding
from ipsp.core.formtokens import PublicForm
from ipsp.core.language import language_choices
from ipsp.initiatives.models import (
    QUESTION_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    InitiativeLink,
    InitiativeVersion,
)
from ipsp.initiatives.services import MAX_LINKS, MAX_ORGANISATIONS, MAX_PLACES
from ipsp.initiatives.transcripts import MAX_BYTES, TranscriptError, transcript_from_file
from ipsp.taxonomy.forms import TermMultipleChoiceField
from ipsp.taxonomy.models import Term
from ipsp.verification.forms import VerificationFormMixin

VIDEO_HOSTS = (
    "youtube.com",
    "youtu.be",
    "youtube-nocookie.com",
    "vimeo.com",
    "dailymotion.com",
    "dai.ly",
    "bilibili.com",
    "b23.tv",
    "rutube.ru",
    "vk.com",
    "vkvideo.ru",
    "archive.org",
    "ted.com",
    "tiktok.com",
    "facebook.com",
    "fb.watch",
    "instagram.com",
    "twitch.tv",
)

CONSENT_TEXT = _(
    "I agree that the platform stores this email address and uses it only to send me "
    "messages about my entries (my access token, decisions, reminders). It is never shown "
    "to anyone. I can remove it at any time."
)

# Guidance for the five questions of the seed, shown under each field.
GUIDANCE = {
    "problem": _(
        "What problem does the initiative address, for whom, and where? Give facts if you "
        "have them: how many people are affected, what it costs them, why existing "
        "solutions are not enough."
    ),
    "approach": _(
        "What do you do, concretely, and how? What is new about it compared with what "
        "existed before, here or elsewhere? It can be new technology, but also a new way "
        "of organising people, of financing, or of working with the authorities."
    ),
    "success": _(
        "Why does it work? What has changed for the people concerned? Say how you know: "
        "what you measure, how often, and the latest figures you have."
    ),
    "replication": _(
        "Could others do the same elsewhere? What would they need (money, skills, laws, "
        "partners)? Has it already been copied or adapted, and with what result?"
    ),
    "externalities": _(
        "Every project has side effects, good or bad, on people or on the environment "
        "beyond its target. Which ones have you seen, and what do you do about them?"
    ),
}


def _limit_help(limit: int) -> str:
    return str(_("At most %(max)s characters. You can use Markdown.") % {"max": limit})


class TermsField(TermMultipleChoiceField):
    """Terms of one vocabulary (values are term codes), as checkboxes or a list."""

    def __init__(self, vocabulary: str, *, checkboxes: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        widget = forms.CheckboxSelectMultiple if checkboxes else forms.SelectMultiple
        super().__init__(vocabulary, widget=widget, **kwargs)


class CountryField(forms.ChoiceField):
    """One country (ISO 3166-1 alpha-2), from the taxonomy, sorted by its local name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=self._choices, **kwargs)

    @staticmethod
    def _choices() -> list[tuple[str, str]]:
        countries = sorted(
            ((term.code, term.label) for term in Term.objects.active().of("country")),
            key=lambda pair: pair[1].casefold(),
        )
        return [("", str(_("Choose a country"))), *countries]


def validate_video_url(value: str) -> None:
    host = (urlsplit(value).hostname or "").lower()
    if not any(host == known or host.endswith("." + known) for known in VIDEO_HOSTS):
        raise forms.ValidationError(
            _(
                "Give a link to a video platform (for example YouTube, Vimeo, Dailymotion, "
                "Bilibili or the Internet Archive)."
            ),
            code="video_host",
        )


class HttpUrlField(forms.URLField):
    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": _("Enter a full web address beginning with https:// or http://."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


# --- repeated rows ----------------------------------------------------------------------


class OrganisationRowForm(forms.Form):
    name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "data-actor-suggest": "",
                "list": "actor-suggestions",
            }
        ),
    )


class LinkRowForm(forms.Form):
    url = HttpUrlField(label=_("Address (URL)"), required=False)
    title = forms.CharField(
        label=pgettext_lazy("of a link", "Title"), max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        url, title = data.get("url"), (data.get("title") or "").strip()
        if url and not title:
            self.add_error("title", _("Give this link a title, so readers know what it is."))
        if title and not url and "url" not in self.errors:
            self.add_error("url", _("Give the address this title refers to."))
        return data


class PlaceRowForm(forms.Form):
    name = forms.CharField(label=_("City or town"), max_length=200, required=False)
    country = CountryField(label=_("Country"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, country = (data.get("name") or "").strip(), data.get("country") or ""
        if not name:
            return data
        if not country:
            self.add_error("country", _("Choose the country of this place."))
            return data
        place = geocoding.geocode(name, country)
        if place is None:
            suggestions = geocoding.suggest(name, country)
            if suggestions:
                message = _(
                    "We could not find “%(name)s” in this country. Did you mean: %(list)s?"
                ) % {
                    "name": name,
                    "list": ", ".join(suggestions),
                }
            else:
                message = _(
                    "We could not find “%(name)s” in this country. Check the spelling, or give "
                    "the nearest town of more than 15,000 people."
                ) % {"name": name}
            self.add_error("name", message)
        else:
            data["place"] = place
        return data


class BaseRowFormSet(forms.BaseFormSet):
    def rows(self, key: str) -> list[Any]:
        return [
            form.cleaned_data[key]
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get(key)
        ]


OrganisationFormSet = formset_factory(
    OrganisationRowForm,
    formset=BaseRowFormSet,
    extra=0,
    max_num=MAX_ORGANISATIONS,
    absolute_max=MAX_ORGANISATIONS,
    validate_max=True,
)
LinkFormSet = formset_factory(
    LinkRowForm,
    formset=BaseRowFormSet,
    extra=0,
    max_num=MAX_LINKS,
    absolute_max=MAX_LINKS,
    validate_max=True,
)
PlaceFormSet = formset_factory(
    PlaceRowForm,
    formset=BaseRowFormSet,
    extra=0,
    max_num=MAX_PLACES,
    absolute_max=MAX_PLACES,
    validate_max=True,
)
FORMSETS = {
    "organisations": (OrganisationFormSet, 3),
    "resources": (LinkFormSet, 2),
    "evidence": (LinkFormSet, 2),
    "places": (PlaceFormSet, 2),
}


# --- the forms ---------------------------------------------------------------------------


class ContactFieldsMixin(forms.Form):
    contact_email = forms.EmailField(
        label=_("Contact email (optional, private)"),
        required=False,
        max_length=254,
        help_text=_(
            "Only for messages about your entry, such as your access token if you lose it. "
            "It is never published."
        ),
        error_messages={"invalid": _("Enter a valid email address, like name@example.org.")},
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


class QuickInitiativeForm(VerificationFormMixin, ContactFieldsMixin, PublicForm):
    """The quick path: five fields that save a draft to complete later."""

    form_name = "initiative_quick"

    title = forms.CharField(label=_("Title of the initiative"), max_length=TITLE_MAX)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("The organisation that runs it, if there is one."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "data-actor-suggest": "", "list": "actor-suggestions"}
        ),
    )
    country = CountryField(label=_("Country"))
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One paragraph: what the initiative does, for whom, and where."),
    )


class InitiativeForm(VerificationFormMixin, ContactFieldsMixin, forms.Form):
    """The full form of the seed, used to edit; see ``InitiativeCreateForm`` for visitors."""

    title = forms.CharField(label=_("Title of the initiative"), max_length=TITLE_MAX)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One paragraph: what the initiative does, for whom, and where."),
    )
    holders = forms.CharField(
        label=_("Project holder(s)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The people who lead the project, one name per line."),
    )
    problem = forms.CharField(
        label=_("(a) The problem addressed"),
        required=False,
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    approach = forms.CharField(
        label=_("(b) The approach, and how it is innovative"),
        required=False,
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    success = forms.CharField(
        label=_("(c) Why it is successful, and how success is measured"),
        required=False,
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    replication = forms.CharField(
        label=_("(d) To what extent it could be replicated in other contexts"),
        required=False,
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    externalities = forms.CharField(
        label=_("(e) How it takes into account and deals with its externalities"),
        required=False,
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    themes = TermsField("theme", label=_("Transversal themes"))
    agenda = TermsField("agenda", label=_("Components of the agenda"))
    sdgs = TermsField("sdg", label=_("Sustainable Development Goals"))
    disciplines = TermsField("discipline", checkboxes=False, label=_("Disciplines"))
    project_types = TermsField("project_type", label=_("Type of project"))
    activity_types = TermsField("activity_type", label=_("Types of activity"))
    countries = TermsField(
        "country",
        checkboxes=False,
        label=_("Countries"),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    evidence_level = forms.ChoiceField(
        label=_("Evidence of the results"),
        required=False,
        choices=[("", _("Not said")), *InitiativeVersion.EvidenceLevel.choices],
        widget=forms.RadioSelect,
        help_text=_(
            "Anecdotal: stories and testimonies. Monitored: you collect data regularly. "
            "Independently evaluated: someone outside the project assessed it. "
            "Peer-reviewed study: published in a scientific journal."
        ),
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if it is still running."),
    )
    project_status = forms.ChoiceField(
        label=_("Status of the project"),
        required=False,
        choices=[("", _("Not said")), *InitiativeVersion.ProjectStatus.choices],
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        required=False,
        help_text=_("Leave “Detect it for me” and we will recognise it when you save."),
    )
    video_url = HttpUrlField(
        label=_("Video link (optional)"),
        required=False,
        validators=[validate_video_url],
        help_text=_(
            "A link to a video on a video platform. It is shown as a link: the video only "
            "loads if the reader chooses to open it."
        ),
    )
    transcript = forms.FileField(
        label=_("Captions or transcript of the video (optional)"),
        required=False,
        help_text=_("A WebVTT (.vtt) or SubRip (.srt) file of at most %(size)s KB.")
        % {"size": MAX_BYTES // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,.srt,text/vtt"}),
    )
    remove_transcript = forms.BooleanField(label=_("Remove the stored transcript"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("Detect it for me")), *language_choices()]
        for name, guidance in GUIDANCE.items():
            self.fields[name].help_text = f"{guidance} {_limit_help(QUESTION_MAX)}"
        self.transcript_text: str | None = None

    def clean_holders(self) -> list[str]:
        names = [" ".join(line.split()) for line in self.cleaned_data["holders"].splitlines()]
        names = [name for name in names if name]
        if len(names) > 20:
            raise forms.ValidationError(_("Name at most 20 project holders."))
        for name in names:
            if len(name) > 150:
                raise forms.ValidationError(
                    _("Each name is at most 150 characters: put one name per line.")
                )
        return names

    def clean_transcript(self) -> Any:
        upload = self.cleaned_data.get("transcript")
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The caption file is too large: at most %(size)s KB.")
                % {"size": MAX_BYTES // 1024}
            )
        try:
            self.transcript_text = transcript_from_file(upload.read(), upload.name)
        except TranscriptError as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data

    def chosen_terms(self) -> list[Term]:
        terms: list[Term] = []
        for name in (
            "agenda",
            "themes",
            "sdgs",
            "disciplines",
            "project_types",
            "activity_types",
            "countries",
        ):
            terms.extend(self.cleaned_data.get(name) or [])
        return terms


class InitiativeCreateForm(InitiativeForm, PublicForm):
    """The full form as visitors post it: no cookie, a single-use signed token."""

    form_name = "initiative_full"


class SubmitForm(VerificationFormMixin, forms.Form):
    """The "submit for publication" button of the preview page, with level 1's fields."""


class DecisionForm(forms.Form):
    """The secretariat's decision on a submission."""

    decision = forms.ChoiceField(
        choices=[
            ("publish", _("Publish")),
            ("request_changes", _("Request changes")),
            ("reject", _("Reject")),
        ]
    )
    note = forms.CharField(
        label=_("Note to the contributor"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw this initiative?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reason is shown on the page that replaces the initiative."),
    )


def link_kind(formset_name: str) -> str:
    return (
        InitiativeLink.Kind.EVIDENCE if formset_name == "evidence" else InitiativeLink.Kind.RESOURCE
    )
