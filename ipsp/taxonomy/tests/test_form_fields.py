"""Other packages' forms offer terms by code, grouped by parent, and refuse bad codes."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from ipsp.taxonomy import services
from ipsp.taxonomy.forms import TermChoiceField, TermMultipleChoiceField
from ipsp.taxonomy.models import Term

pytestmark = pytest.mark.django_db


class EntryForm(forms.Form):
    themes = TermMultipleChoiceField("theme", label="Themes")
    country = TermChoiceField("country", label="Country", required=False)
    disciplines = TermMultipleChoiceField("discipline", label="Disciplines", required=False)


def test_valid_codes_give_the_terms(taxonomy: None) -> None:
    form = EntryForm(data={"themes": ["living-wages", "ecological-rule-of-law"], "country": "KE"})
    assert form.is_valid(), form.errors
    assert [t.code for t in form.cleaned_data["themes"]] == [
        "living-wages",
        "ecological-rule-of-law",
    ]
    assert form.cleaned_data["country"].labels["en"] == "Kenya"


def test_an_unknown_code_is_refused_at_the_field_and_named(taxonomy: None) -> None:
    form = EntryForm(data={"themes": ["living-wages", "flying-cars"], "country": "XX"})
    assert not form.is_valid()
    assert form.errors["themes"] == [
        "“flying-cars” is not a code of the vocabulary “Transversal themes”."
    ]
    assert form.errors["country"] == [
        "“XX” is not a code of the vocabulary “Countries and territories”."
    ]


def test_a_retired_term_is_neither_offered_nor_accepted(
    taxonomy: None, secretariat: object
) -> None:
    term = Term.objects.get(vocabulary__code="theme", code="living-wages")
    services.term_retire(term=term, by=secretariat)  # type: ignore[arg-type]

    form = EntryForm(data={"themes": ["living-wages"]})

    assert 'value="living-wages"' not in str(form["themes"])
    assert not form.is_valid()
    assert "has been retired" in form.errors["themes"][0]


def test_a_missing_required_choice_is_refused(taxonomy: None) -> None:
    form = EntryForm(data={})
    assert not form.is_valid()
    assert form.errors["themes"] == ["This field is required."]


def test_themes_are_grouped_under_their_agenda_component(taxonomy: None) -> None:
    html = str(EntryForm()["themes"])
    assert '<optgroup label="Reforming the economic system">' in html
    assert 'value="living-wages"' in html
    # The overarching themes come first, under no component.
    assert html.index("systemic-transformation") < html.index("<optgroup")


def test_labels_are_in_the_reader_s_language_and_values_are_codes(taxonomy: None) -> None:
    with translation.override("fr"):
        html = str(EntryForm()["country"])
    assert '<option value="FR">France</option>' in html
    assert '<optgroup label="Europe de l&#x27;Ouest">' in html
    assert 'value="DE">Allemagne</option>' in html


def test_a_discipline_field_heads_its_group_and_can_be_chosen(taxonomy: None) -> None:
    html = str(EntryForm()["disciplines"])
    group = html.split('<optgroup label="Social sciences">')[1].split("</optgroup>")[0]
    assert group.index('value="5"') < group.index('value="5.1"')
    form = EntryForm(data={"themes": ["living-wages"], "disciplines": ["5", "5.4"]})
    assert form.is_valid(), form.errors
