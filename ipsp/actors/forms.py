"""The registration and edit form of an actor, the secretariat's forms, and claims.

Forms check shape (lengths, formats, the logo file); the services apply the
domain rules. Each optional field has a "secretariat only" box next to it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.validators import MaxValueValidator, URLValidator
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ipsp.actors.logos import ACCEPT_ATTRIBUTE, MAX_BYTES, LogoError, ProcessedLogo, logo_process
from ipsp.actors.models import (
    ACRONYM_MAX,
    FIRST_FOUNDING_YEAR,
    MAX_LINKS,
    MAX_PLACES,
    NAME_MAX,
    OFFER_MAX,
    TEXT_MAX,
    Actor,
)
from ipsp.core import publicid
from ipsp.core.formtokens import PublicForm
from ipsp.taxonomy.forms import TermChoiceField, TermMultipleChoiceField
from ipsp.taxonomy.models import Term
from ipsp.verification.forms import VerificationFormMixin

CONSENT_TEXT = _(
    "I agree that the platform stores this email address and uses it only to send me "
    "messages about my entries (my access token, decisions, reminders). It is never shown "
    "to anyone. I can remove it at any time."
)

# The "secretariat only" box of each optional field: form field name -> restrictable name.
PRIVATE_BOXES = {f"private_{name}": name for name in Actor.RESTRICTABLE}
PRIVATE_LABEL = _("Show this to the secretariat only")

GUIDANCE = {
    "problems": _(
        "Which social problems does the organisation work on, for whom, and where? "
        "Plain language is best."
    ),
    "activities": _(
        "What does the organisation do that is new or different: methods, ways of "
        "organising, financing or working with others?"
    ),
    "partnerships": _(
        "Which local, national or transnational organisations do you work with, and on what?"
    ),
    "collaboration": _(
        "Would you like to work with other organisations, in your region or elsewhere, on "
        "similar or related topics? Say how."
    ),
}


def _limit_help(limit: int) -> str:
    return str(_("At most %(max)s characters. You can use Markdown.") % {"max": limit})


class TermsField(TermMultipleChoiceField):
    def __init__(self, vocabulary: str, *, checkboxes: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        widget = forms.CheckboxSelectMultiple if checkboxes else forms.SelectMultiple
        super().__init__(vocabulary, widget=widget, **kwargs)


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
    country = TermChoiceField(
        "country", label=_("Country"), required=False, empty_label=_("Choose a country")
    )

    def clean(self) -> dict[str, Any]:
        from ipsp.core import geocoding  # the offline gazetteer

        data = super().clean() or {}
        name, country = (data.get("name") or "").strip(), data.get("country")
        if not name:
            return data
        if country is None:
            if "country" not in self.errors:
                self.add_error("country", _("Choose the country of this place."))
            return data
        place = geocoding.geocode(name, country.code)
        if place is None:
            suggestions = geocoding.suggest(name, country.code)
            if suggestions:
                message = _(
                    "We could not find “%(name)s” in this country. Did you mean: %(list)s?"
                ) % {"name": name, "list": ", ".join(suggestions)}
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
    pass


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
FORMSETS = {"links": (LinkFormSet, 2), "places": (PlaceFormSet, 2)}


# --- the actor form ------------------------------------------------------------------------


def _size_choices() -> list[tuple[str, Any]]:
    return [("", _("Not said")), *Actor.Size.choices]


class ActorForm(VerificationFormMixin, forms.Form):
    """The seed's simple form, with the optional parts that help others find the actor."""

    name = forms.CharField(label=_("Name of the organisation"), max_length=NAME_MAX)
    other_names = forms.CharField(
        label=_("Other names"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names in other languages or former names, one per line."),
    )
    acronym = forms.CharField(label=_("Acronym"), max_length=ACRONYM_MAX, required=False)
    actor_types = TermsField("actor_type", label=_("Type of organisation"))
    themes = TermsField(
        "theme",
        label=_("Fields of action"),
        help_text=_("The themes the organisation works on. Choose at least one."),
    )
    countries = TermsField(
        "country",
        checkboxes=False,
        label=_("Countries where it works"),
        help_text=_("Hold Ctrl (or Cmd) to choose several. Choose at least one."),
    )
    problems = forms.CharField(
        label=_("(a) The problems addressed"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    activities = forms.CharField(
        label=_("(b) Key innovative activities"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    partnerships = forms.CharField(
        label=_("(c) Partnerships with other local or transnational actors"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    collaboration = forms.CharField(
        label=_("(d) Interest in collaborating with other actors"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    open_to_collaboration = forms.ChoiceField(
        label=_("Open to collaboration?"),
        required=False,
        choices=[("", _("Not said")), ("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    collaboration_themes = TermsField("theme", label=_("On which themes?"))
    collaboration_regions = TermsField(
        "region",
        checkboxes=False,
        label=_("In which regions?"),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    collaboration_offer = forms.CharField(
        label=_("What you offer"),
        required=False,
        max_length=OFFER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: training, data, a network of volunteers, premises."),
    )
    collaboration_seek = forms.CharField(
        label=_("What you seek"),
        required=False,
        max_length=OFFER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: partners in another country, funding, expertise."),
    )
    logo = forms.FileField(
        label=_("Logo (optional)"),
        required=False,
        help_text=_(
            "A PNG, JPEG, WebP or GIF image of at most %(size)s MB. We re-encode it and remove "
            "its metadata (such as camera and location)."
        )
        % {"size": MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the stored logo"), required=False)
    staff_size = forms.ChoiceField(
        label=_("Number of staff"), required=False, choices=_size_choices
    )
    volunteer_size = forms.ChoiceField(
        label=_("Number of volunteers"), required=False, choices=_size_choices
    )
    founding_year = forms.IntegerField(
        label=_("Founding year"),
        required=False,
        min_value=FIRST_FOUNDING_YEAR,
        error_messages={
            "invalid": _("Give the year as a number, like 2015."),
            "min_value": _("Give a year after %(limit_value)s."),
            "max_value": _("The founding year cannot be in the future."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["founding_year"]
        assert isinstance(year, forms.IntegerField)
        year.max_value = timezone.now().year
        year.validators.append(MaxValueValidator(year.max_value))
        year.widget.attrs.update({"min": FIRST_FOUNDING_YEAR, "max": year.max_value})
        for name, guidance in GUIDANCE.items():
            self.fields[name].help_text = f"{guidance} {_limit_help(TEXT_MAX)}"
        for box in PRIVATE_BOXES:
            self.fields[box] = forms.BooleanField(label=PRIVATE_LABEL, required=False)
        self.processed_logo: ProcessedLogo | None = None

    def clean_other_names(self) -> list[str]:
        names = [" ".join(line.split()) for line in self.cleaned_data["other_names"].splitlines()]
        names = [name for name in names if name]
        if len(names) > 10:
            raise forms.ValidationError(_("Give at most 10 other names."))
        if any(len(name) > NAME_MAX for name in names):
            raise forms.ValidationError(
                _("Each name is at most %(max)s characters: put one name per line.")
                % {"max": NAME_MAX}
            )
        return names

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The logo is too large: at most %(size)s MB.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        try:
            self.processed_logo = logo_process(upload.read())
        except LogoError as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def open_value(self) -> bool | None:
        value = self.cleaned_data.get("open_to_collaboration") or ""
        return {"yes": True, "no": False}.get(value)

    def restricted(self) -> list[str]:
        return [name for box, name in PRIVATE_BOXES.items() if self.cleaned_data.get(box)]

    def terms(self, name: str) -> list[Term]:
        return list(self.cleaned_data.get(name) or [])

    def private_box(self, name: str) -> forms.BoundField:
        return self[f"private_{name}"]


class ActorCreateForm(ActorForm, PublicForm):
    """The form as visitors post it: no cookie, a single-use signed token, and an optional
    private address to receive the access token."""

    form_name = "actor_full"

    contact_email = forms.EmailField(
        label=_("Contact email (optional, private)"),
        required=False,
        max_length=254,
        help_text=_(
            "Only for messages about your entries, such as your access token if you lose it. "
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


# --- claims, decisions, merges -----------------------------------------------------------


def public_id_from(value: str) -> str:
    """A public id typed as is or inside a page address (…/initiatives/<id>/)."""
    value = value.strip()
    if "/" in value:
        parts = [part for part in urlsplit(value).path.split("/") if part]
        value = parts[-1] if parts else ""
    return publicid.normalise(value) or ""


class ClaimForm(forms.Form):
    initiative = forms.CharField(
        label=_("The initiative's address or public id"),
        max_length=300,
        help_text=_(
            "Copy the address of the initiative's page, for example …/initiatives/7k2m9q4xv/."
        ),
    )

    def clean_initiative(self) -> str:
        value = public_id_from(self.cleaned_data["initiative"])
        if not value:
            raise forms.ValidationError(_("This is not the address or public id of an initiative."))
        return value


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("refuse", _("Refuse"))])


class MergeForm(forms.Form):
    source = forms.CharField(
        label=_("Duplicate to merge (address or public id)"),
        max_length=300,
        help_text=_("This entry disappears; its address leads to the one that stays."),
    )
    target = forms.CharField(label=_("Entry that stays (address or public id)"), max_length=300)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def _clean_id(self, name: str) -> str:
        value = public_id_from(self.cleaned_data[name])
        if not value:
            raise forms.ValidationError(
                _("This is not the address or public id of an organisation.")
            )
        return value

    def clean_source(self) -> str:
        return self._clean_id("source")

    def clean_target(self) -> str:
        return self._clean_id("target")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw this organisation?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reason is shown on the page that replaces the entry."),
    )
