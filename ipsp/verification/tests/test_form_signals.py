from __future__ import annotations

import pytest

from ipsp.verification.services import level1_check
from ipsp.verification.tests.helpers import make_submission, solved_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_challenges(settings: object) -> None:
    settings.VERIFICATION_CHALLENGE_MAX_NUMBER = 2_000  # type: ignore[attr-defined]


def test_a_filled_honeypot_sends_the_submission_to_the_spam_folder() -> None:
    outcome = level1_check(make_submission(form=solved_form(honeypot="http://spam.example")))

    assert outcome.is_spam
    assert outcome.reasons[0] == "honeypot"


def test_a_form_sent_faster_than_a_person_can_type_scores_as_a_robot() -> None:
    outcome = level1_check(make_submission(form=solved_form(seconds_ago=1)))

    assert outcome.held
    assert "too_fast" in outcome.reasons


def test_a_form_filled_at_a_human_pace_with_javascript_passes() -> None:
    outcome = level1_check(make_submission(form=solved_form(seconds_ago=90)))

    assert outcome.passed
    assert outcome.score < 4


def test_without_javascript_the_submission_goes_through_but_is_held_with_that_reason() -> None:
    outcome = level1_check(make_submission(form=solved_form(solve=False)))

    assert outcome.held
    assert "no_javascript" in outcome.reasons
    assert outcome.score < 4  # held for that reason alone
