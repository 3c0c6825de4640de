"""Pages of the message relay: write to an entry's holders, read and answer a
conversation, block and unblock. Thin: access helper, form, service, render."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from ipsp.accounts.models import User
from ipsp.community import queries, services
from ipsp.community.access import can_send, get_conversation_for_participant
from ipsp.community.entries import entry_get, speaks_for
from ipsp.community.forms import ContactForm, PersonForm, ReplyForm
from ipsp.community.labels import participant_label
from ipsp.community.models import EntryKind, Participant

View = Callable[..., HttpResponse]
NOTICES = {"sent", "held", "again", "blocked", "unblocked"}


def sender_required(view: View) -> View:
    """Signed in with a token (or staff with their second factor); visitors go to sign in."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:token_sign_in"))
        if not can_send(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _conversation_url(public_id: str, notice: str = "") -> str:
    url = reverse("community:conversation", kwargs={"public_id": public_id})
    return f"{url}?{urlencode({'notice': notice})}" if notice else url


def _notice(sent: services.Sent) -> str:
    if not sent.created:
        return "again"
    return "held" if sent.held else "sent"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@sender_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest, kind: str, public_id: str) -> HttpResponse:
    if kind not in EntryKind.values:
        raise Http404
    user = _user(request)
    entry = entry_get(kind, public_id)
    if entry is None or not entry.published:
        raise Http404
    refusal = services.entry_refusal(entry, user)
    form = ContactForm(request.POST or None)
    status = 200
    if refusal is None and request.method == "POST":
        if form.is_valid():
            try:
                sent = services.conversation_start(
                    sender=user,
                    kind=kind,
                    entry_public_id=entry.public_id,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    submission_key=form.cleaned_data["key"],
                    language=get_language() or "en",
                )
            except services.MessageRefused as refused:
                form.add_error(
                    refused.field if refused.field in form.fields else None, str(refused.message)
                )
            else:
                return redirect(_conversation_url(sent.conversation.public_id, _notice(sent)))
        status = 400
    elif refusal is not None and request.method == "POST":
        status = 400
    label = participant_label(
        Participant(user=user, speaks_for=speaks_for(user), side=Participant.Side.SENDER)
    )
    return _no_store(
        render(
            request,
            "community/compose.html",
            {
                "entry": entry,
                "form": form,
                "refusal": refusal.message if refusal else "",
                "shown_as": label,
            },
            status=status,
        )
    )


def _conversation_page(
    request: HttpRequest, public_id: str, form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    conversation = get_conversation_for_participant(request, public_id)
    thread = queries.conversation_messages(conversation, user)
    if not thread:  # one's own first message is always there; others see none yet
        raise Http404
    others = queries.conversation_others(conversation, user)
    if request.method == "GET":
        services.conversation_mark_read(conversation=conversation, user=user)
    notice = request.GET.get("notice", "")
    return _no_store(
        render(
            request,
            "community/conversation.html",
            {
                "conversation": conversation,
                "thread": thread,
                "others": others,
                "form": form or ReplyForm(),
                "notice": notice if notice in NOTICES else "",
                "blocked": services.blocks_refusal(
                    by_them=any(other.blocked_me for other in others),
                    by_you=any(other.blocked_by_me for other in others),
                ),
            },
            status=status,
        )
    )


@sender_required
@require_http_methods(["GET"])
def conversation(request: HttpRequest, public_id: str) -> HttpResponse:
    return _conversation_page(request, public_id)


@sender_required
@require_POST
def reply(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    found = get_conversation_for_participant(request, public_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            sent = services.message_reply(
                conversation=found,
                author=user,
                body=form.cleaned_data["body"],
                submission_key=form.cleaned_data["key"],
                language=get_language() or "en",
            )
        except services.MessageRefused as refused:
            form.add_error(
                refused.field if refused.field in form.fields else None, str(refused.message)
            )
        else:
            return redirect(_conversation_url(found.public_id, _notice(sent)))
    return _conversation_page(request, public_id, form=form, status=400)


@sender_required
@require_POST
def block(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    found = get_conversation_for_participant(request, public_id)
    form = PersonForm(request.POST)
    if not form.is_valid():
        raise Http404
    seat = queries.participant_by_user_public_id(found, form.cleaned_data["person"])
    if seat is None or seat.user_id == user.pk:
        raise Http404
    if request.POST.get("action") == "unblock":
        services.block_remove(blocker=user, blocked=seat.user)
        return redirect(_conversation_url(found.public_id, "unblocked"))
    services.block_add(blocker=user, blocked=seat.user, label=participant_label(seat))
    return redirect(_conversation_url(found.public_id, "blocked"))


@sender_required
@require_POST
def unblock(request: HttpRequest) -> HttpResponse:
    """From the list on My entries: only one's own blocks can be lifted."""
    user = _user(request)
    form = PersonForm(request.POST)
    if form.is_valid():
        blocked = User.objects.filter(public_id=form.cleaned_data["person"]).first()
        if blocked is not None:
            services.block_remove(blocker=user, blocked=blocked)
    if user.is_staff:
        return redirect(reverse("accounts:staff_home"))
    return redirect(reverse("accounts:my_entries") + "#my-messages-title")


def my_entries_context(request: HttpRequest, user: User) -> dict[str, object]:
    return {"conversations": queries.conversations_for(user), "blocks": queries.blocks_by(user)}
