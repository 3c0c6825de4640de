"""Pages of invitations and third-party validation.

Public pages (reached through a one-time link, no cookie until an invitee accepts): the
invitation (accept or decline) and the validator's page (confirm or not). Staff pages
(secretariat with second factor): invitations list, create form and detail; validation
requests, the pending list and cancellation.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ipsp.accounts.access import is_contributor, role_required
from ipsp.accounts.models import User
from ipsp.accounts.services import is_staff_member
from ipsp.accounts.shortcuts import no_store, token_once_context
from ipsp.actors import invitations, queries, validation
from ipsp.actors.access import is_secretariat
from ipsp.actors.forms import CONSENT_TEXT
from ipsp.actors.forms_outreach import (
    NEW_ENTRY,
    BounceForm,
    InvitationAcceptForm,
    InvitationDeclineForm,
    InvitationForm,
    RetentionForm,
    ValidationAnswerForm,
    ValidationRequestForm,
)
from ipsp.actors.models import Invitation, ThirdPartyValidation
from ipsp.actors.public import actor_public
from ipsp.core import formtokens
from ipsp.core.markdown import render as render_markdown

TOKEN_BACKEND = "ipsp.accounts.tokens.AccessTokenBackend"  # noqa: S105 - a class path
LIST_MAX = 300


def _private(response: HttpResponse) -> HttpResponse:
    """Pages reached through a secret link: never cached, never indexed. A form shown again
    with its errors answers 200, like the other public forms (the browser logs no error)."""
    response["X-Robots-Tag"] = "noindex"
    return no_store(response)


def _link_gone(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    return _private(render(request, "actors/link_gone.html", {"reason": reason}, status=status))


# --- the invitee -------------------------------------------------------------------------------


def _invitation_page(
    request: HttpRequest,
    invitation: Invitation,
    accept_form: InvitationAcceptForm,
    decline_form: InvitationDeclineForm,
    status: int = 200,
) -> HttpResponse:
    for form in (accept_form, decline_form):
        if form.is_bound:
            form.renew_token()
    return _private(
        render(
            request,
            "actors/invitation.html",
            {
                "invitation": invitation,
                "accept_form": accept_form,
                "decline_form": decline_form,
                "signed_in_contributor": is_contributor(request.user),
            },
            status=status,
        )
    )


def _gone_reason(state: str) -> str:
    reasons: dict[str, str] = {
        Invitation.State.CLAIMED.value: "claimed",
        Invitation.State.DECLINED.value: "declined",
    }
    return reasons.get(state, "expired")


@csrf_exempt  # visitors post without a cookie: the forms' signed single-use tokens protect them
@require_http_methods(["GET", "POST"])
def invitation_page(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = invitations.invitation_by_secret(secret)
    if invitation is None:
        return _link_gone(request, "unknown", 404)
    if not invitations.is_answerable(invitation):
        return _link_gone(request, _gone_reason(invitation.state), 410)
    if request.user.is_authenticated and is_staff_member(request.user):
        raise PermissionDenied  # staff cannot own an organisation's entry
    if request.method != "POST":
        invitations.invitation_open(invitation=invitation)
        return _invitation_page(
            request,
            invitation,
            InvitationAcceptForm(
                request=request, initial={"contact_email": invitation.contact_email}
            ),
            InvitationDeclineForm(request=request),
        )
    if "decline" in request.POST:
        return _decline(request, invitation)
    return _accept(request, invitation)


def _decline(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = InvitationDeclineForm(request.POST, request=request)
    accept_form = InvitationAcceptForm(request=request)
    if not form.is_valid():
        return _invitation_page(request, invitation, accept_form, form)
    try:
        with transaction.atomic():
            invitations.invitation_decline(
                invitation=invitation, reason=form.cleaned_data.get("reason") or ""
            )
            formtokens.record_use(form.token, "declined")  # type: ignore[arg-type]
    except invitations.InvitationError:
        invitation.refresh_from_db()
        return _link_gone(request, _gone_reason(invitation.state), 410)
    return _private(render(request, "actors/invitation_declined.html", {}))


def _accept(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = InvitationAcceptForm(request.POST, request=request)
    if not form.is_valid():
        return _invitation_page(request, invitation, form, InvitationDeclineForm(request=request))
    email = form.cleaned_data.get("contact_email") or ""
    current = request.user if is_contributor(request.user) else None
    try:
        with transaction.atomic():
            accepted = invitations.invitation_accept(
                invitation=invitation,
                current_user=current,  # type: ignore[arg-type]
                language=get_language() or "en",
                contact_email=email,
                consent_text=str(CONSENT_TEXT) if email else "",
            )
            edit_url = reverse("actors:edit", kwargs={"public_id": accepted.actor.public_id})
            if not formtokens.record_use(form.token, edit_url):  # type: ignore[arg-type]
                transaction.set_rollback(True)
                return _link_gone(request, "claimed", 410)
    except invitations.InvitationError:
        invitation.refresh_from_db()
        return _link_gone(request, _gone_reason(invitation.state), 410)
    if accepted.raw_token is None:
        return redirect(edit_url)
    login(request, accepted.user, backend=TOKEN_BACKEND)  # the one session cookie, from now on
    return _edit_form_with_token(request, accepted, edit_url, emailed=bool(email))


def _edit_form_with_token(
    request: HttpRequest, accepted: invitations.Accepted, edit_url: str, *, emailed: bool
) -> HttpResponse:
    """The entry's edit form, pre-filled, with the new access token shown once above it; the
    form posts to the edit page (this address is the invitation's, used up now)."""
    from ipsp.actors import views as actor_views
    from ipsp.actors.forms import ActorForm

    actor = accepted.actor
    initial, rows = actor_views._initial(actor)
    assert accepted.raw_token is not None
    context = {
        "form": ActorForm(initial=initial),
        "formsets": actor_views._formsets(None, rows),
        "consent_text": CONSENT_TEXT,
        "form_action": edit_url,
        **actor_views._edit_context(actor),
        **token_once_context(accepted.raw_token, emailed=emailed, signed_in=True),
    }
    return _private(render(request, "actors/form.html", context))


# --- the validator -----------------------------------------------------------------------------


def _validation_page(
    request: HttpRequest, found: ThirdPartyValidation, form: ValidationAnswerForm, status: int = 200
) -> HttpResponse:
    if form.is_bound:
        form.renew_token()
    actor = queries.actor_get_with_content(found.actor.public_id)
    assert actor is not None
    public = actor_public(actor)
    return _private(
        render(
            request,
            "actors/validation.html",
            {
                "validation": found,
                "public": public,
                "problems_html": render_markdown(public.problems),
                "activities_html": render_markdown(public.activities),
                "form": form,
            },
            status=status,
        )
    )


@csrf_exempt  # the validator posts without a cookie: the form's signed single-use token protects it
@require_http_methods(["GET", "POST"])
def validation_page(request: HttpRequest, secret: str) -> HttpResponse:
    found = validation.validation_by_secret(secret)
    if found is None:
        return _link_gone(request, "unknown", 404)
    if not validation.is_answerable(found):
        answered = found.state in {
            ThirdPartyValidation.State.CONFIRMED,
            ThirdPartyValidation.State.REFUSED,
        }
        return _link_gone(request, "answered" if answered else "expired", 410)
    if request.method != "POST":
        return _validation_page(request, found, ValidationAnswerForm(request=request))
    form = ValidationAnswerForm(request.POST, request=request)
    if not form.is_valid():
        return _validation_page(request, found, form)
    try:
        with transaction.atomic():
            validation.validation_answer(
                validation=found,
                confirmed=form.cleaned_data["outcome"] == "confirm",
                comment=form.cleaned_data.get("comment") or "",
            )
            formtokens.record_use(form.token, "answered")  # type: ignore[arg-type]
    except validation.ValidationRequestError:
        return _link_gone(request, "answered", 410)
    return _private(render(request, "actors/validation_done.html", {}))


# --- the secretariat ----------------------------------------------------------------------------


def _secretariat(request: HttpRequest) -> User:
    if not is_secretariat(request.user):
        raise PermissionDenied
    assert isinstance(request.user, User)
    return request.user


def _list_page(
    request: HttpRequest, retention_form: RetentionForm, status: int = 200
) -> HttpResponse:
    wanted = request.GET.get("state", "")
    rows = Invitation.objects.order_by("-created_at", "-pk")
    if wanted in Invitation.State.values:
        rows = rows.filter(state=wanted)
    else:
        wanted = ""
    counts = invitations.invitation_counts()
    return render(
        request,
        "actors/staff_invitations.html",
        {
            "invitations": list(rows[:LIST_MAX]),
            "states": [(value, label, counts[value]) for value, label in Invitation.State.choices],
            "total": sum(counts.values()),
            "wanted": wanted,
            "retention_form": retention_form,
        },
        status=status,
    )


@role_required("secretariat")
@require_http_methods(["GET", "POST"])
def staff_invitations(request: HttpRequest) -> HttpResponse:
    user = _secretariat(request)
    if request.method != "POST":
        form = RetentionForm(initial={"retention_days": invitations.retention_days()})
        return _list_page(request, form)
    form = RetentionForm(request.POST)
    if form.is_valid():
        try:
            invitations.invitation_retention_set(days=form.cleaned_data["retention_days"], by=user)
        except invitations.InvitationError as error:
            form.add_error("retention_days", error.message)
        else:
            return redirect(reverse("actors:staff_invitations") + "?retention=saved")
    return _list_page(request, form, status=400)


@role_required("secretariat")
@require_http_methods(["GET", "POST"])
def staff_invitation_new(request: HttpRequest) -> HttpResponse:
    user = _secretariat(request)
    if request.method != "POST":
        return render(request, "actors/staff_invitation_new.html", {"form": InvitationForm()})
    name = request.POST.get("organisation_name", "")
    candidates = invitations.invitation_candidates(name) if name.strip() else []
    form = InvitationForm(request.POST, candidates=candidates)
    if form.is_valid():
        data = form.cleaned_data
        chosen = data.get("actor") or ""
        actor = None
        if chosen and chosen != NEW_ENTRY:
            actor = queries.actor_get_by_public_id(chosen)
        try:
            invitation = invitations.invitation_create(
                organisation_name=data["organisation_name"],
                contact_email=data["contact_email"],
                contact_name=data.get("contact_name") or "",
                website=data.get("website") or "",
                reason=data["reason"],
                language=data["language"],
                actor=actor,
                by=user,
            )
        except invitations.InvitationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect(
                reverse("actors:staff_invitation", kwargs={"public_id": invitation.public_id})
                + "?created=1"
            )
    return render(request, "actors/staff_invitation_new.html", {"form": form}, status=400)


@role_required("secretariat")
@require_http_methods(["GET", "POST"])
def staff_invitation(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _secretariat(request)
    invitation = (
        Invitation.objects.select_related("actor", "created_by", "claimed_by")
        .filter(public_id=public_id)
        .first()
    )
    if invitation is None:
        raise Http404
    form = BounceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invitations.invitation_bounce(
                    invitation=invitation, by=user, note=form.cleaned_data.get("note") or ""
                )
            except invitations.InvitationError as error:
                form.add_error(None, error.message)
            else:
                return redirect(request.path + "?bounced=1")
    labels = {
        "created": _("Created"),
        "sent": Invitation.State.SENT.label,
        "reminded": _("Reminder sent"),
        **{value: label for value, label in Invitation.State.choices if value != "sent"},
    }
    events = list(invitation.events.select_related("by").order_by("at", "pk"))
    context: dict[str, Any] = {
        "invitation": invitation,
        "events": [(event, labels.get(event.action, event.action)) for event in events],
        "sends": list(invitation.sends.order_by("sent_at", "pk")),
        "bounce_form": form,
    }
    return render(request, "actors/staff_invitation.html", context, status=status)


@role_required("secretariat")
@require_http_methods(["GET"])
def staff_validations(request: HttpRequest) -> HttpResponse:
    _secretariat(request)
    answered = ThirdPartyValidation.objects.exclude(
        state=ThirdPartyValidation.State.PENDING
    ).select_related("actor")
    return render(
        request,
        "actors/staff_validations.html",
        {
            "pending": list(validation.validations_pending()[:LIST_MAX]),
            "answered": list(answered.order_by("-answered_at", "-pk")[:50]),
        },
    )


@role_required("secretariat")
@require_http_methods(["GET", "POST"])
def staff_validation_request(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _secretariat(request)
    actor = queries.actor_get_by_public_id(public_id)
    if actor is None:
        raise Http404
    form = ValidationRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                validation.validation_request(
                    actor=actor,
                    by=user,
                    validator_user=data.get("reviewer"),
                    validator_name=data.get("validator_name") or "",
                    validator_email=data.get("validator_email") or "",
                    validator_organisation=data.get("validator_organisation") or "",
                    language=data["language"],
                    message=data.get("message") or "",
                )
            except validation.ValidationRequestError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect(reverse("actors:staff_validations") + "?requested=1")
    return render(
        request,
        "actors/staff_validation_request.html",
        {
            "actor": actor,
            "form": form,
            "history": list(validation.validations_of_actor(actor)[:50]),
        },
        status=status,
    )


@role_required("secretariat")
@require_POST
def staff_validation_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _secretariat(request)
    found = ThirdPartyValidation.objects.filter(public_id=public_id).first()
    if found is None:
        raise Http404
    try:
        validation.validation_cancel(validation=found, by=user)
    except validation.ValidationRequestError:
        return redirect(reverse("actors:staff_validations") + "?cancel=already")
    return redirect(reverse("actors:staff_validations") + "?cancelled=1")
