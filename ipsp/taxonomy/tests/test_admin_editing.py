"""The secretariat edits terms in the admin; every edit is versioned; others cannot edit."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ipsp.accounts.models import User
from ipsp.taxonomy.models import Term, TermChange, Vocabulary
from ipsp.taxonomy.tests.conftest import signed_in_with_second_factor

pytestmark = pytest.mark.django_db


def form_data(term: Term, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "parent": term.parent.pk if term.parent else "",
        "order": term.order,
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
    }
    for code, _name in settings.LANGUAGES:
        key = code.replace("-", "_")
        data[f"label_{key}"] = term.labels.get(code, "")
        data[f"description_{key}"] = term.descriptions.get(code, "")
    data.update(changes)
    return data


@pytest.fixture
def media(taxonomy: None) -> Term:
    return Term.objects.get(vocabulary__code="audience", code="media")


def test_the_secretariat_changes_a_label_and_the_version_rises(
    client: Client, secretariat: User, media: Term
) -> None:
    signed_in_with_second_factor(client, secretariat)
    version = media.vocabulary.version
    url = reverse("admin:taxonomy_term_change", args=[media.pk])

    response = client.post(url, form_data(media, label_fr="Journalistes"))

    assert response.status_code == 302, response.content.decode()[:2000]
    media.refresh_from_db()
    assert media.labels["fr"] == "Journalistes"
    assert media.code == "media"
    assert Vocabulary.objects.get(code="audience").version == version + 1
    change = TermChange.objects.get(term=media)
    assert change.changed_by == secretariat
    assert change.changes == {"labels.fr": ["Médias", "Journalistes"]}


def test_the_code_cannot_be_changed_in_the_admin(
    client: Client, secretariat: User, media: Term
) -> None:
    signed_in_with_second_factor(client, secretariat)
    url = reverse("admin:taxonomy_term_change", args=[media.pk])

    client.post(url, form_data(media, code="press", label_en="Press"))

    media.refresh_from_db()
    assert media.code == "media"
    assert media.labels["en"] == "Press"


def test_the_english_label_is_required(client: Client, secretariat: User, media: Term) -> None:
    signed_in_with_second_factor(client, secretariat)
    url = reverse("admin:taxonomy_term_change", args=[media.pk])

    response = client.post(url, form_data(media, label_en=""))

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    media.refresh_from_db()
    assert media.labels["en"] == "Media"
    assert not TermChange.objects.exists()


def test_the_secretariat_adds_a_term_and_a_taken_code_is_refused(
    client: Client, secretariat: User, taxonomy: None
) -> None:
    signed_in_with_second_factor(client, secretariat)
    audience = Vocabulary.objects.get(code="audience")
    url = reverse("admin:taxonomy_term_add")
    blank = Term(vocabulary=audience, labels={}, descriptions={})
    data = form_data(blank, vocabulary=audience.pk, code="funders", label_en="Funders", order=8)

    assert client.post(url, data).status_code == 302
    added = Term.objects.get(vocabulary=audience, code="funders")
    assert added.added_in_version == Vocabulary.objects.get(code="audience").version
    assert added.changes.get().action == TermChange.Action.ADDED

    response = client.post(url, {**data, "code": "media"})
    assert response.status_code == 200
    assert "The code media is already used in this vocabulary" in response.content.decode()


def test_the_secretariat_retires_terms_but_cannot_delete_them(
    client: Client, secretariat: User, media: Term
) -> None:
    signed_in_with_second_factor(client, secretariat)
    changelist = reverse("admin:taxonomy_term_changelist")

    client.post(changelist, {"action": "retire_terms", "_selected_action": [media.pk]})
    media.refresh_from_db()
    assert media.retired
    assert media.changes.get().action == TermChange.Action.RETIRED

    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [media.pk]}
    )
    assert Term.objects.filter(pk=media.pk).exists()
    delete = client.get(reverse("admin:taxonomy_term_delete", args=[media.pk]))
    assert delete.status_code == 403
    assert response.status_code in {200, 302}


def test_a_reviewer_cannot_edit_terms(client: Client, reviewer: User, media: Term) -> None:
    client.force_login(reviewer)
    url = reverse("admin:taxonomy_term_change", args=[media.pk])

    response = client.post(url, form_data(media, label_en="Hacked"))

    assert response.status_code in {302, 403}
    media.refresh_from_db()
    assert media.labels["en"] == "Media"
    assert not TermChange.objects.exists()


def test_an_anonymous_visitor_cannot_edit_terms(client: Client, media: Term) -> None:
    url = reverse("admin:taxonomy_term_change", args=[media.pk])

    response = client.post(url, form_data(media, label_en="Hacked"))

    assert response.status_code == 302
    media.refresh_from_db()
    assert media.labels["en"] == "Media"


def test_the_secretariat_without_second_factor_cannot_edit(
    client: Client, secretariat: User, media: Term
) -> None:
    client.force_login(secretariat)
    url = reverse("admin:taxonomy_term_change", args=[media.pk])

    client.post(url, form_data(media, label_en="Hacked"))

    media.refresh_from_db()
    assert media.labels["en"] == "Media"
