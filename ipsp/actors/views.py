"""Contributor and secretariat pages of actors: register, edit, submit, withdraw, claim
initiatives, decide on claims, the secretariat's queue and merges; the suggestions of
the initiative form. The public page is in views_public.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ipsp.accounts.access import is_contributor, role_required
from ipsp.accounts.models import User
from ipsp.accounts.services import contributor_welcome
from ipsp.accounts.shortcuts import no_store, render_token_once
from ipsp.actors import queries, review, services
from ipsp.actors.access import (
    can_edit,
    get_actor_for_editor,
    get_claim_for_decider,
    is_secretariat,
)
from ipsp.actors.forms import (
    CONSENT_TEXT,
    FORMSETS,
    ActorCreateForm,
    ActorForm,
    ClaimDecisionForm,
    ClaimForm,
    MergeForm,
    WithdrawForm,
)
from ipsp.actors.models import Actor
from ipsp.core import formtokens
from ipsp.verification.types import ChallengeRefused, VerificationRefused

TOKEN_BACKEND = "ipsp.accounts.tokens.AccessTokenBackend"  # noqa: S105 - a class path
ADD_BUTTONS = {f"add_{name}": name for name in FORMSETS}
QUERY_MAX = 100


# --- suggestions of the initiative form -------------------------------------------------------


@require_GET
def actor_suggestions(request: HttpRequest) -> JsonResponse:
    """Published organisations whose public names resemble ``q``: a small JSON list, no cookie."""
    query = request.GET.get("q", "")[:QUERY_MAX]
    found = queries.actor_suggest(query, limit=8)
    response = JsonResponse(
        {"results": [{"id": item.public_id, "name": item.name} for item in found]}
    )
    patch_cache_control(response, public=True, max_age=300)
    return response


# --- building the form --------------------------------------------------------------------------


def _formsets(
    data: QueryDict | None, initial: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    built = {}
    for name, (formset_class, spare) in FORMSETS.items():
        if data is not None:
            built[name] = formset_class(data, prefix=name)
        else:
            formset = formset_class(prefix=name, initial=(initial or {}).get(name, []))
            formset.extra = spare
            built[name] = formset
    return built


def _with_more_rows(data: QueryDict, name: str) -> QueryDict:
    formset_class, _spare = FORMSETS[name]
    copy = data.copy()
    key = f"{name}-TOTAL_FORMS"
    try:
        total = int(copy.get(key, "0"))
    except ValueError:
        total = 0
    copy[key] = str(min(total + 2, formset_class.max_num))
    return copy


def _initial(actor: Actor) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    content = services.content_of(actor)
    initial: dict[str, Any] = {
        "name": content.name,
        "other_names": "\n".join(content.other_names),
        "acronym": content.acronym,
        "actor_types": [t.code for t in content.actor_types],
        "themes": [t.code for t in content.themes],
        "countries": [t.code for t in content.countries],
        "problems": content.problems,
        "activities": content.activities,
        "partnerships": content.partnerships,
        "collaboration": content.collaboration,
        "open_to_collaboration": ""
        if content.open_to_collaboration is None
        else ("yes" if content.open_to_collaboration else "no"),
        "collaboration_themes": [t.code for t in content.collaboration_themes],
        "collaboration_regions": [t.code for t in content.collaboration_regions],
        "collaboration_offer": content.collaboration_offer,
        "collaboration_seek": content.collaboration_seek,
        "staff_size": content.staff_size,
        "volunteer_size": content.volunteer_size,
        "founding_year": content.founding_year,
    }
    for name in content.restricted_fields:
        initial[f"private_{name}"] = True
    rows = {
        "links": [{"url": link.url, "title": link.title} for link in content.links],
        "places": [{"name": p.name, "country": p.country_code} for p in content.places],
    }
    return initial, rows


def _content(form: ActorForm, formsets: dict[str, Any]) -> services.ActorContent:
    from ipsp.core.language import detect_language

    data = form.cleaned_data
    links = [
        services.LinkInput(url=row["url"], title=row["title"])
        for row in (f.cleaned_data for f in formsets["links"].forms)
        if row and row.get("url")
    ]
    places = [
        services.PlaceInput(
            name=row["place"].name,
            country_code=row["place"].country_code,
            latitude=row["place"].latitude,
            longitude=row["place"].longitude,
            geonames_id=row["place"].geonames_id,
        )
        for row in (f.cleaned_data for f in formsets["places"].forms)
        if row and row.get("place")
    ]
    detected = detect_language(
        " ".join(data.get(name) or "" for name in ("problems", "activities", "partnerships"))
    )
    return services.ActorContent(
        name=data["name"],
        other_names=data.get("other_names") or [],
        acronym=data.get("acronym") or "",
        actor_types=form.terms("actor_types"),
        themes=form.terms("themes"),
        countries=form.terms("countries"),
        places=places,
        problems=data.get("problems") or "",
        activities=data.get("activities") or "",
        partnerships=data.get("partnerships") or "",
        collaboration=data.get("collaboration") or "",
        open_to_collaboration=form.open_value(),
        collaboration_themes=form.terms("collaboration_themes"),
        collaboration_regions=form.terms("collaboration_regions"),
        collaboration_offer=data.get("collaboration_offer") or "",
        collaboration_seek=data.get("collaboration_seek") or "",
        links=links,
        staff_size=data.get("staff_size") or "",
        volunteer_size=data.get("volunteer_size") or "",
        founding_year=data.get("founding_year"),
        restricted_fields=form.restricted(),
        text_language=detected.code if detected else "",
        logo=form.processed_logo,
        remove_logo=bool(data.get("remove_logo")),
    )


def _show_domain_error(form: Any, error: services.ActorError) -> None:
    if isinstance(error, services.IncompleteActor):
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _show_refused(form: Any, refused: VerificationRefused) -> None:
    """A rate limit or a refused challenge, shown at the top of the form (localised)."""
    form.add_error(None, str(refused.message))
    if isinstance(refused, ChallengeRefused):
        form.renew_challenge()


def _editable(actor: Actor) -> bool:
    return actor.state in {Actor.State.DRAFT, Actor.State.CHANGES_REQUESTED} or (
        actor.state == Actor.State.PUBLISHED and actor.edit_state != Actor.EditState.SUBMITTED
    )


def _form_page(
    request: HttpRequest,
    form: Any,
    formsets: dict[str, Any],
    *,
    status: int | None = None,
    **context: Any,
) -> HttpResponse:
    if isinstance(form, formtokens.PublicForm) and form.is_bound:
        form.renew_token()
    invalid = form.is_bound and (
        form.errors or any(fs.is_bound and not fs.is_valid() for fs in formsets.values())
    )
    if status is None:
        status = 400 if invalid else 200
    return no_store(
        render(
            request,
            "actors/form.html",
            {"form": form, "formsets": formsets, "consent_text": CONSENT_TEXT, **context},
            status=status,
        )
    )


def _edit_context(actor: Actor) -> dict[str, Any]:
    return {
        "actor": actor,
        "editable": _editable(actor),
        "problems": services.submission_problems(services.content_of(actor))
        if _editable(actor)
        else {},
    }


# --- registering an actor ---------------------------------------------------------------------


def _welcome_or_current(request: HttpRequest, form: ActorCreateForm) -> tuple[User, str | None]:
    if is_contributor(request.user):
        assert isinstance(request.user, User)
        return request.user, None
    email = form.cleaned_data.get("contact_email") or ""
    issued = contributor_welcome(
        language=get_language() or "en",
        contact_email=email,
        consent_text=str(CONSENT_TEXT) if email else "",
    )
    return issued.token.user, issued.raw


@csrf_exempt  # visitors post without a cookie: the form's signed single-use token protects it
@require_http_methods(["GET", "POST"])
def actor_new(request: HttpRequest) -> HttpResponse:
    """The seed's simple form for an organisation, for a visitor or a signed-in contributor."""
    if request.method != "POST":
        return _form_page(request, ActorCreateForm(request=request), _formsets(None), creating=True)
    for button, name in ADD_BUTTONS.items():
        if button in request.POST:
            data = _with_more_rows(request.POST, name)
            form = ActorCreateForm(data, request=request)
            form.renew_token()
            return _form_page(request, form, _formsets(data), status=200, creating=True, focus=name)
    form = ActorCreateForm(request.POST, request.FILES, request=request)
    formsets = _formsets(request.POST)
    valid = form.is_valid() & all(fs.is_valid() for fs in formsets.values())
    if not valid:
        return _form_page(request, form, formsets, creating=True)
    previous = form.token.previous_result() if form.token else None
    if previous:
        return HttpResponseRedirect(previous)
    content = _content(form, formsets)
    problems: dict[str, str] = {}
    signals = form.verification_signals()
    try:
        with transaction.atomic():
            user, raw = _welcome_or_current(request, form)
            actor = services.actor_create(
                owner=user, content=content, language=get_language() or "en"
            )
            edit_url = reverse("actors:edit", kwargs={"public_id": actor.public_id})
            if not formtokens.record_use(form.token, edit_url):  # type: ignore[arg-type]
                transaction.set_rollback(True)
                return HttpResponseRedirect(form.token.previous_result() or edit_url)  # type: ignore[union-attr]
            problems = services.submission_problems(content) if "submit" in request.POST else {}
            if "submit" in request.POST and not problems:
                # level 1 in the same transaction: a refusal stores nothing
                actor, _outcome = review.actor_submit_checked(
                    actor=actor, by=user, request=request, form=signals
                )
            else:
                review.draft_gate(
                    actor=actor,
                    request=request,
                    form=signals,
                    email=form.cleaned_data.get("contact_email") or "",
                )
    except services.ActorError as error:
        _show_domain_error(form, error)
        return _form_page(request, form, formsets, creating=True)
    except VerificationRefused as refused:
        _show_refused(form, refused)
        return _form_page(request, form, formsets, creating=True)
    if raw is None:
        return redirect(edit_url + "?saved=1")
    login(request, user, backend=TOKEN_BACKEND)
    return render_token_once(
        request,
        raw,
        emailed=bool(form.cleaned_data.get("contact_email")),
        signed_in=True,
        template="actors/created.html",
        context={"actor": actor, "edit_url": edit_url, "problems": problems},
    )


# --- editing ---------------------------------------------------------------------------------


def _editor(request: HttpRequest, public_id: str) -> Actor | HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:token_sign_in"))
    return get_actor_for_editor(request, public_id)


@require_http_methods(["GET", "POST"])
def actor_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _editor(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    actor = found
    context = _edit_context(actor)
    if request.method != "POST":
        initial, rows = _initial(actor)
        return _form_page(
            request,
            ActorForm(initial=initial),
            _formsets(None, rows),
            saved="saved" in request.GET,
            submitted="submitted" in request.GET,
            **context,
        )
    if not context["editable"]:
        raise PermissionDenied
    for button, name in ADD_BUTTONS.items():
        if button in request.POST:
            data = _with_more_rows(request.POST, name)
            return _form_page(
                request, ActorForm(data), _formsets(data), status=200, focus=name, **context
            )
    form = ActorForm(request.POST, request.FILES)
    formsets = _formsets(request.POST)
    if not (form.is_valid() & all(fs.is_valid() for fs in formsets.values())):
        return _form_page(request, form, formsets, **context)
    user = request.user
    assert isinstance(user, User)
    try:
        actor = services.actor_update(actor=actor, by=user, content=_content(form, formsets))
        if "submit" in request.POST:
            review.actor_submit_checked(
                actor=actor, by=user, request=request, form=form.verification_signals()
            )
            return redirect(
                reverse("actors:edit", kwargs={"public_id": actor.public_id}) + "?submitted=1"
            )
    except services.ActorError as error:
        _show_domain_error(form, error)
        actor.refresh_from_db()
        return _form_page(request, form, formsets, **_edit_context(actor))
    except VerificationRefused as refused:
        _show_refused(form, refused)
        actor.refresh_from_db()
        return _form_page(request, form, formsets, **_edit_context(actor))
    return redirect(reverse("actors:edit", kwargs={"public_id": actor.public_id}) + "?saved=1")


@require_POST
def actor_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _editor(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    user = request.user
    assert isinstance(user, User)
    try:
        review.actor_submit_checked(actor=found, by=user, request=request)
    except (services.ActorError, VerificationRefused):
        return redirect(reverse("actors:edit", kwargs={"public_id": found.public_id}))
    return redirect(reverse("actors:edit", kwargs={"public_id": found.public_id}) + "?submitted=1")


@require_http_methods(["GET", "POST"])
def actor_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _editor(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    actor = found
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            user = request.user
            assert isinstance(user, User)
            try:
                services.actor_withdraw(actor=actor, by=user, reason=form.cleaned_data["reason"])
            except services.ActorError as error:
                form.add_error("reason" if error.field == "reason" else None, error.message)
            else:
                return redirect(reverse("actors:edit", kwargs={"public_id": actor.public_id}))
    return render(request, "actors/withdraw.html", {"actor": actor, "form": form}, status=status)


# --- claims ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def actor_claim(request: HttpRequest, public_id: str) -> HttpResponse:
    """The actor lists its initiatives and claims existing ones."""
    found = _editor(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    actor = found
    form = ClaimForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            user = request.user
            assert isinstance(user, User)
            initiative = queries.initiative_for_claim(form.cleaned_data["initiative"])
            if initiative is None:
                form.add_error("initiative", _("No initiative has this address."))
            else:
                try:
                    claim = services.actor_claim_request(
                        actor=actor, initiative=initiative, by=user
                    )
                except services.ActorError as error:
                    form.add_error("initiative", error.message)
                else:
                    return redirect(
                        reverse("actors:claim", kwargs={"public_id": actor.public_id})
                        + "?sent="
                        + claim.state
                    )
    return render(
        request,
        "actors/claim.html",
        {
            "actor": actor,
            "form": form,
            "claims": list(queries.claims_of_actor(actor)),
            "initiatives": queries.actor_initiatives(actor, everything=True),
        },
        status=status,
    )


@require_POST
def claim_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    """The claimed initiative's contributor (or the secretariat) confirms or refuses."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("accounts:my_entries"), reverse("accounts:token_sign_in"))
    claim = get_claim_for_decider(request, public_id)
    form = ClaimDecisionForm(request.POST)
    user = request.user
    assert isinstance(user, User)
    back = reverse("actors:staff_queue") if is_secretariat(user) else reverse("accounts:my_entries")
    if not form.is_valid():
        return redirect(back + "?claim=invalid")
    try:
        services.actor_claim_decide(
            claim=claim, by=user, confirm=form.cleaned_data["decision"] == "confirm"
        )
    except services.ActorError:
        return redirect(back + "?claim=already")
    return redirect(back + "?claim=" + form.cleaned_data["decision"])


def my_entries_context(request: HttpRequest, user: User) -> dict[str, object]:
    """The "My entries" section: organisations to complete, own organisations, claims."""
    actors = list(queries.actors_for_owner(user))
    to_complete = [
        actor
        for actor in actors
        if actor.created_from_initiative_id is not None
        and actor.state in {Actor.State.DRAFT, Actor.State.CHANGES_REQUESTED}
    ]
    others = [actor for actor in actors if actor not in to_complete]
    return {
        "to_complete": to_complete,
        "actors": others,
        "claims": list(queries.claims_for_initiative_contributor(user)),
        "claim_result": request.GET.get("claim", ""),
    }


# --- the secretariat -----------------------------------------------------------------------


def _queue_page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    return render(
        request,
        "actors/staff_queue.html",
        {
            "awaiting": list(queries.actors_awaiting_decision()[:200]),
            "claims": list(queries.claims_pending()[:200]),
            "merge_form": context.pop("merge_form", None) or MergeForm(),
            **context,
        },
        status=status,
    )


@role_required("secretariat")
@require_http_methods(["GET"])
def staff_queue(request: HttpRequest) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied
    return _queue_page(request)


@role_required("secretariat")
@require_POST
def staff_merge(request: HttpRequest) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied
    form = MergeForm(request.POST)
    user = request.user
    assert isinstance(user, User)
    if form.is_valid():
        source = queries.actor_get_by_public_id(form.cleaned_data["source"])
        target = queries.actor_get_by_public_id(form.cleaned_data["target"])
        if source is None:
            form.add_error("source", _("No organisation has this address."))
        if target is None:
            form.add_error("target", _("No organisation has this address."))
        if source is not None and target is not None:
            try:
                services.actor_merge(
                    source=source, target=target, by=user, reason=form.cleaned_data["reason"]
                )
            except services.ActorError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect(reverse("actors:staff_queue") + "?merged=" + target.public_id)
    return _queue_page(request, 400, merge_form=form)


def can_edit_actor(request: HttpRequest, actor: Actor) -> bool:
    return request.user.is_authenticated and can_edit(request.user, actor)
