from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.template import Context, Template
from django.utils import timezone

from ipsp.verification import challenge as challenges
from ipsp.verification.forms import VerificationFormMixin
from ipsp.verification.services import level1_check
from ipsp.verification.tests.helpers import make_submission, solved_form
from ipsp.verification.types import ChallengeRefused, FormSignals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_challenges(settings: object) -> None:
    settings.VERIFICATION_CHALLENGE_MAX_NUMBER = 2_000  # type: ignore[attr-defined]


def test_a_challenge_solved_in_python_like_the_browser_is_accepted() -> None:
    outcome = level1_check(make_submission(form=solved_form()))

    assert outcome.passed
    assert "challenge_solved" in [s.code for s in outcome.signals]


def test_a_malformed_challenge_is_refused() -> None:
    form = FormSignals(challenge="not-a-signed-challenge", solution="12")

    with pytest.raises(ChallengeRefused) as refused:
        level1_check(make_submission(form=form))

    assert refused.value.code == "challenge_malformed"
    assert "could not be read" in str(refused.value.message)


def test_a_challenge_signed_with_another_key_is_refused() -> None:
    forged = signing.dumps({"s": "a", "d": "b", "m": 1, "t": 0}, salt="other", key="x" * 50)

    with pytest.raises(ChallengeRefused) as refused:
        challenges.challenge_read(forged)

    assert refused.value.code == "challenge_malformed"


def test_an_oversized_answer_is_refused() -> None:
    good = solved_form()

    with pytest.raises(ChallengeRefused) as refused:
        level1_check(make_submission(form=FormSignals(good.challenge, "9" * 500)))
    assert refused.value.code == "challenge_oversized"

    with pytest.raises(ChallengeRefused) as refused:
        level1_check(make_submission(form=FormSignals("x" * 5000, good.solution)))
    assert refused.value.code == "challenge_oversized"


def test_a_wrong_or_non_numeric_answer_is_refused() -> None:
    good = solved_form()
    wrong = str((int(good.solution) + 1) % 2001)

    with pytest.raises(ChallengeRefused) as refused:
        level1_check(make_submission(form=FormSignals(good.challenge, wrong)))
    assert refused.value.code == "challenge_wrong"

    with pytest.raises(ChallengeRefused) as refused:
        level1_check(make_submission(form=FormSignals(good.challenge, "12a")))
    assert refused.value.code == "challenge_malformed"


def test_an_expired_challenge_is_refused(settings: object) -> None:
    old = solved_form(seconds_ago=7 * 60 * 60)  # the default lifetime is 6 hours

    with pytest.raises(ChallengeRefused) as refused:
        level1_check(make_submission(form=old))

    assert refused.value.code == "challenge_expired"
    assert "expired" in str(refused.value.message)


def test_a_replayed_answer_is_refused_and_nothing_is_stored() -> None:
    from ipsp.verification.models import Level1Check

    form = solved_form()
    level1_check(make_submission(form=form))

    with pytest.raises(ChallengeRefused) as refused:
        level1_check(make_submission(public_id="INIT0002", form=form))

    assert refused.value.code == "challenge_replayed"
    assert Level1Check.objects.filter(entry_public_id="INIT0002").count() == 0


def test_used_challenges_are_kept_until_they_expire_then_purged() -> None:
    from ipsp.verification.models import UsedChallenge

    level1_check(make_submission(form=solved_form()))
    assert UsedChallenge.objects.count() == 1

    assert challenges.purge_used(now=timezone.now() + timedelta(hours=5)) == 0
    assert challenges.purge_used(now=timezone.now() + timedelta(hours=7)) == 1


class ExampleForm(VerificationFormMixin):
    pass


def test_the_form_partial_gives_the_browser_its_challenge_and_script() -> None:
    form = ExampleForm()
    html = Template(
        '{% include "includes/form_fields.html" %}{% include "verification/_challenge.html" %}'
    ).render(Context({"form": form}))

    issued = challenges.challenge_read(form.initial["vf_challenge"])
    assert f'data-vf-salt="{issued.salt}"' in html
    assert f'data-vf-digest="{issued.digest}"' in html
    assert "verification/pow.js" in html
    assert 'name="vf_solution"' in html
    # the honeypot is in a hidden block, with a label for assistive technology
    assert "<div hidden>" in html
    assert "Leave this field empty" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it


def test_a_form_with_an_expired_challenge_shows_a_clear_error_and_gets_a_new_one() -> None:
    old = challenges.challenge_issue(now=timezone.now() - timedelta(hours=7))
    form = ExampleForm(data={"vf_challenge": old.signed, "vf_solution": "1"})

    assert not form.is_valid()
    assert "has expired" in form.non_field_errors()[0]
    assert form.data["vf_challenge"] != old.signed


def test_a_form_without_javascript_is_valid_and_its_signals_say_so() -> None:
    form = ExampleForm(data={"vf_challenge": ExampleForm().initial["vf_challenge"]})

    assert form.is_valid()
    assert form.verification_signals().solution == ""
