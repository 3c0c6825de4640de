"""Each edit of a term raises its vocabulary's version and records who changed what."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ipsp.accounts.models import User
from ipsp.taxonomy import services
from ipsp.taxonomy.models import Term, TermChange, Vocabulary

pytestmark = pytest.mark.django_db


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.select_related("vocabulary").get(vocabulary__code=vocabulary, code=code)


def test_an_update_raises_the_version_and_records_who_and_what(
    taxonomy: None, secretariat: User
) -> None:
    living_wages = term("theme", "living-wages")
    version = living_wages.vocabulary.version

    services.term_update(
        term=living_wages,
        by=secretariat,
        labels={"es": "Salarios vitales"},
        descriptions={"fr": "Des salaires qui permettent de vivre."},
        order=20,
    )

    living_wages.refresh_from_db()
    assert living_wages.labels["es"] == "Salarios vitales"
    assert living_wages.description == living_wages.descriptions["en"]
    assert living_wages.changed_in_version == version + 1
    change = TermChange.objects.get()
    assert (change.changed_by, change.version, change.action) == (
        secretariat,
        version + 1,
        TermChange.Action.CHANGED,
    )
    assert change.changes == {
        "labels.es": ["Salarios dignos", "Salarios vitales"],
        "descriptions.fr": [None, "Des salaires qui permettent de vivre."],
        "order": [4, 20],
    }


def test_an_update_that_changes_nothing_writes_nothing(taxonomy: None, secretariat: User) -> None:
    media = term("audience", "media")
    services.term_update(term=media, by=secretariat, labels={"en": "Media"})
    assert not TermChange.objects.exists()
    assert Vocabulary.objects.get(code="audience").version == media.vocabulary.version


def test_the_english_label_cannot_be_emptied(taxonomy: None, secretariat: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.term_update(term=term("sdg", "1"), by=secretariat, labels={"en": " "})
    assert error.value.message_dict == {"labels": ["The English label is required."]}
    assert term("sdg", "1").labels["en"] == "No poverty"


def test_a_theme_may_move_to_another_component_but_not_under_a_country(
    taxonomy: None, secretariat: User
) -> None:
    cities = term("theme", "cities-social-progress")
    services.term_update(term=cities, by=secretariat, parent=term("agenda", "democracy"))
    assert getattr(term("theme", "cities-social-progress").parent, "code", None) == "democracy"

    with pytest.raises(ValidationError) as error:
        services.term_update(term=cities, by=secretariat, parent=term("country", "FR"))
    assert "parent" in error.value.message_dict


def test_a_term_cannot_become_its_own_ancestor(taxonomy: None, secretariat: User) -> None:
    social_sciences = term("discipline", "5")
    with pytest.raises(ValidationError, match="its own ancestor"):
        services.term_update(term=social_sciences, by=secretariat, parent=term("discipline", "5.4"))


def test_retiring_and_restoring_each_raise_the_version(taxonomy: None, secretariat: User) -> None:
    media = term("audience", "media")
    version = media.vocabulary.version

    services.term_retire(term=media, by=secretariat)
    services.term_retire(term=media, by=secretariat)  # already retired: nothing more
    services.term_restore(term=media, by=secretariat)

    assert Vocabulary.objects.get(code="audience").version == version + 2
    assert [c.action for c in TermChange.objects.order_by("id")] == ["retired", "restored"]
    assert Term.objects.filter(pk=media.pk).exists()


def test_a_new_term_needs_a_fresh_well_formed_code(taxonomy: None, secretariat: User) -> None:
    audiences = Vocabulary.objects.get(code="audience")
    for bad, message in [
        ("Funders!", "Use 1 to 60 lower-case letters"),
        ("media", "The code media is already used in this vocabulary"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.term_add(
                vocabulary=audiences, code=bad, labels={"en": "Funders"}, by=secretariat
            )
        assert message in error.value.message_dict["code"][0]

    added = services.term_add(
        vocabulary=audiences, code="funders", labels={"en": "Funders"}, by=secretariat
    )
    assert added.source is None
    assert added.added_in_version == Vocabulary.objects.get(code="audience").version
