"""An organisation's (or initiative's) page shows its public flags as badges — the
category, how many, the latest date; never the reason nor who — and, to reviewers and
the secretariat only, the flag form with the reasons. Visitors get no form, no cookie."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.accounts.models import User
from ipsp.actors.models import Actor
from ipsp.reviews.tests.conftest import signed_in
from ipsp.reviews.tests.test_flag_services import add

SECRET_REASON = "Their founder told me privately they run on two volunteers."


@pytest.mark.django_db
def test_visitors_see_the_category_count_and_date_but_no_reason_no_form_no_cookie(
    client: Client, actor: Actor, reviewer: User, other_reviewer: User
) -> None:
    add(actor, reviewer, category="small", reason=SECRET_REASON)
    add(actor, other_reviewer, category="small", reason="Tiny team.")
    response = client.get(f"/en/actors/{actor.public_id}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Flagged by reviewers as: Small (2 times, latest" in html
    assert SECRET_REASON not in html and "Tiny team." not in html
    assert (reviewer.email or "-") not in html
    assert "reviews/flag/" not in html and "csrfmiddlewaretoken" not in html
    assert not response.cookies


@pytest.mark.django_db
def test_an_entry_without_flags_shows_no_flag_badge(client: Client, actor: Actor) -> None:
    assert (
        "Flagged by reviewers" not in client.get(f"/en/actors/{actor.public_id}/").content.decode()
    )


@pytest.mark.django_db
def test_a_withdrawn_flag_is_no_longer_shown(client: Client, actor: Actor, reviewer: User) -> None:
    from ipsp.reviews import services

    services.flag_withdraw(flag=add(actor, reviewer), by=reviewer)
    assert (
        "Flagged by reviewers" not in client.get(f"/en/actors/{actor.public_id}/").content.decode()
    )


@pytest.mark.django_db
def test_reviewers_see_the_flag_form_and_the_reasons(
    reviewer_client: Client, actor: Actor, other_reviewer: User
) -> None:
    add(actor, other_reviewer, reason=SECRET_REASON)
    html = reviewer_client.get(f"/en/actors/{actor.public_id}/").content.decode()
    assert f'action="/en/reviews/flag/actor/{actor.public_id}/"' in html
    assert "csrfmiddlewaretoken" in html
    assert SECRET_REASON in html
    # another reviewer's flag: no withdraw button for it
    assert "Withdraw this flag" not in html


@pytest.mark.django_db
def test_after_flagging_a_reviewer_sees_their_flag_and_can_withdraw_it(
    reviewer_client: Client, reviewer: User, actor: Actor
) -> None:
    add(actor, reviewer)
    html = reviewer_client.get(f"/en/actors/{actor.public_id}/").content.decode()
    assert "You have flagged this entry as: Small." in html
    assert "Withdraw this flag" in html
    assert f'action="/en/reviews/flag/actor/{actor.public_id}/"' not in html


@pytest.mark.django_db
def test_contributors_see_no_flag_form(actor: Actor, contributor: object) -> None:
    own = signed_in(contributor.user)  # type: ignore[attr-defined]
    html = own.get(f"/en/actors/{actor.public_id}/").content.decode()
    assert "reviews/flag/" not in html


@pytest.mark.django_db
def test_an_initiative_page_shows_its_flags_too(client: Client, reviewer: User) -> None:
    from ipsp.initiatives.tests.conftest import TERMS, make_initiative, make_term
    from ipsp.initiatives.tests.conftest import make_contributor as initiative_contributor
    from ipsp.reviews import services

    known = {vocab: [make_term(vocab, code) for code in codes] for vocab, codes in TERMS.items()}
    initiative = make_initiative(initiative_contributor().user, known, state="published")
    services.flag_add(
        kind="initiative",
        public_id=initiative.public_id,
        category="innovative",
        reason=SECRET_REASON,
        by=reviewer,
    )
    response = client.get(f"/en/initiatives/{initiative.public_id}/")
    html = response.content.decode()
    assert "Flagged by reviewers as: Innovative (once," in html
    assert SECRET_REASON not in html
    assert not response.cookies
    reviewer_page = signed_in(reviewer).get(f"/en/initiatives/{initiative.public_id}/")
    assert SECRET_REASON in reviewer_page.content.decode()
