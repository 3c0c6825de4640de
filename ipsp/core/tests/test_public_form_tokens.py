"""Public forms without cookies: a signed, single-use token and a same-origin check."""

from __future__ import annotations

import time
from collections.abc import Iterator
from unittest import mock

import pytest
from django import forms
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import translation

from ipsp.core import formtokens
from ipsp.core.formtokens import PublicForm, record_use
from ipsp.core.models import UsedFormToken


class QuestionForm(PublicForm):
    form_name = "question"
    question = forms.CharField(max_length=200)


def post(headers: dict[str, str] | None = None, **data: str) -> HttpRequest:
    return RequestFactory().post("/en/ask/", data=data, headers=headers or {})


def fresh_token(form_name: str = "question") -> str:
    return formtokens.issue(form_name)


def sent(token: str, headers: dict[str, str] | None = None) -> QuestionForm:
    request = post(headers, question="Why?", form_token=token)
    return QuestionForm(request.POST, request=request)


SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # A request of an earlier test in this thread may have left another language active.
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_a_form_shown_to_a_visitor_carries_a_token_and_a_prompt_send_is_accepted() -> None:
    shown = QuestionForm(request=RequestFactory().get("/en/ask/"))
    token = shown.initial["form_token"]
    assert token
    form = sent(token, SAME_ORIGIN)
    assert form.is_valid(), form.errors
    assert form.token is not None and form.token.form_name == "question"


@pytest.mark.django_db
def test_a_client_that_sends_no_fetch_headers_is_accepted_on_the_token_alone() -> None:
    assert sent(fresh_token()).is_valid()


@pytest.mark.django_db
def test_an_expired_token_is_refused_with_a_clear_message() -> None:
    six_hours_and_a_bit_ago = time.time() - formtokens.MAX_AGE.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=six_hours_and_a_bit_ago):
        old = fresh_token()
    form = sent(old, SAME_ORIGIN)
    assert not form.is_valid()
    assert form.errors["form_token"] == [
        "This form has expired. Please check your entries and send it again."
    ]


@pytest.mark.django_db
def test_the_expiry_message_is_in_the_visitors_language() -> None:
    with translation.override("fr"):
        form = sent("nonsense", SAME_ORIGIN)
        assert not form.is_valid()
        assert "expiré" in str(form.errors["form_token"][0])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token[1:],
        lambda token: token.split(":")[0],
        lambda token: "",
    ],
)
def test_a_tampered_or_missing_token_is_refused(tamper: object) -> None:
    form = sent(tamper(fresh_token()), SAME_ORIGIN)  # type: ignore[operator]
    assert not form.is_valid()
    assert "form_token" in form.errors


@pytest.mark.django_db
def test_a_token_of_another_form_is_refused() -> None:
    form = sent(fresh_token("staff_sign_in"), SAME_ORIGIN)
    assert not form.is_valid()
    assert "form_token" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "same-origin", "Origin": "https://evil.example"},
    ],
)
def test_a_form_sent_from_another_site_is_refused(headers: dict[str, str]) -> None:
    form = sent(fresh_token(), headers)
    assert not form.is_valid()
    assert form.errors["form_token"] == ["This form was sent from another site and was refused."]


@pytest.mark.django_db
def test_a_form_sent_from_the_configured_site_url_is_accepted(settings: object) -> None:
    settings.SITE_URL = "http://127.0.0.1:8000"  # type: ignore[attr-defined]
    form = sent(fresh_token(), {"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:8000"})
    assert form.is_valid()


@pytest.mark.django_db
def test_a_replayed_form_finds_what_its_first_use_produced() -> None:
    token = fresh_token()
    first = sent(token, SAME_ORIGIN)
    assert first.is_valid()
    assert first.token is not None
    assert first.token.previous_result() is None
    assert record_use(first.token, "/en/questions/abc/")

    replay = sent(token, SAME_ORIGIN)
    assert replay.is_valid()
    assert replay.token is not None
    assert replay.token.previous_result() == "/en/questions/abc/"


@pytest.mark.django_db
def test_a_second_use_of_the_same_token_is_refused_and_the_first_result_stays() -> None:
    token = fresh_token()
    one, two = sent(token, SAME_ORIGIN), sent(token, SAME_ORIGIN)
    assert one.is_valid() and two.is_valid()
    assert one.token is not None and two.token is not None
    assert record_use(one.token, "/en/first/")
    assert not record_use(two.token, "/en/second/")
    assert UsedFormToken.objects.get().result == "/en/first/"


@pytest.mark.django_db(transaction=True)
def test_two_sends_racing_each_other_store_one_use() -> None:
    import threading

    from django.db import DatabaseError, connection

    token = fresh_token()
    forms_sent = [sent(token, SAME_ORIGIN) for _ in range(2)]
    assert all(form.is_valid() for form in forms_sent)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def use(form: QuestionForm, result: str) -> None:
        barrier.wait()
        try:
            assert form.token is not None
            outcomes.append("used" if record_use(form.token, result) else "refused")
        except DatabaseError:
            # SQLite's in-memory test database may refuse the second writer with a lock
            # error instead of letting it reach the unique constraint: refused all the same.
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=use, args=(form, f"/en/{index}/"))
        for index, form in enumerate(forms_sent)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "used"]
    assert UsedFormToken.objects.count() == 1


@pytest.mark.django_db
def test_a_re_displayed_form_gets_a_new_token() -> None:
    token = fresh_token()
    form = sent(token, SAME_ORIGIN)
    form.renew_token()
    assert form.data["form_token"] != token
    assert formtokens.read(form.data["form_token"], "question") is not None
