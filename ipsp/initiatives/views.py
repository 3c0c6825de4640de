"""Contributor and secretariat pages of initiatives: register, edit, preview, submit,
withdraw, confirm, the contributor's list and the secretariat's queue.

The public pages (the initiative, its history, its tombstone) are in views_public.py.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ipsp.accounts.access import is_contributor, role_required
from ipsp.accounts.models import User
from ipsp.accounts.services import contributor_welcome
from ipsp.accounts.shortcuts import no_store, render_token_once
from ipsp.core import formtokens
from ipsp.core.language import detect_language, language_name
from ipsp.core.markdown import render as render_markdown
from ipsp.initiatives import queries, review, services
from ipsp.initiatives.access import get_initiative_for_editor, is_secretariat
from ipsp.initiatives.completeness import completeness
from ipsp.initiatives.forms import (
    CONSENT_TEXT,
    FORMSETS,
    DecisionForm,
    InitiativeCreateForm,
    InitiativeForm,
    QuickInitiativeForm,
    SubmitForm,
    WithdrawForm,
    link_kind,
)
from ipsp.initiatives.models import Initiative, InitiativeLink, InitiativeVersion
from ipsp.verification.types import ChallengeRefused, VerificationRefused

TOKEN_BACKEND = "ipsp.accounts.tokens.AccessTokenBackend"  # noqa: S105 - a class path
ADD_BUTTONS = {f"add_{name}": name for name in FORMSETS}
MY_ENTRIES_PAGE_SIZE = 50  # initiatives per page of "My entries"
MY_ENTRIES_PAGE_PARAMETER = "page"


# --- building the forms ----------------------------------------------------------------------


def _formsets(
    data: QueryDict | None, initial: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """The repeated rows, bound to ``data`` or filled from ``initial`` plus empty rows."""
    built = {}
    for name, (formset_class, spare) in FORMSETS.items():
        if data is not None:
            built[name] = formset_class(data, prefix=name)
        else:
            rows = (initial or {}).get(name, [])
            formset = formset_class(prefix=name, initial=rows)
            formset.extra = spare
            built[name] = formset
    return built


def _with_more_rows(data: QueryDict, name: str) -> QueryDict:
    """The posted data with two more empty rows in one formset ("add another" without JS)."""
    formset_class, _spare = FORMSETS[name]
    copy = data.copy()
    key = f"{name}-TOTAL_FORMS"
    try:
        total = int(copy.get(key, "0"))
    except ValueError:
        total = 0
    copy[key] = str(min(total + 2, formset_class.max_num))
    return copy


def _initial_from_version(
    initiative: Initiative, version: InitiativeVersion
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    version = queries.version_with_content(version.pk)
    by_vocabulary: dict[str, list[str]] = {}
    for term in version.terms.all():
        by_vocabulary.setdefault(term.vocabulary.code, []).append(term.code)
    initial: dict[str, Any] = {
        "title": version.title,
        "summary": version.summary,
        "holders": "\n".join(version.holders or []),
        "problem": version.problem,
        "approach": version.approach,
        "success": version.success,
        "replication": version.replication,
        "externalities": version.externalities,
        "evidence_level": version.evidence_level,
        "start_date": version.start_date,
        "end_date": version.end_date,
        "project_status": version.project_status,
        "language": version.language if version.language_confirmed else "",
        "video_url": version.video_url,
        "contact_email": initiative.contact_email,
        "contact_consent": bool(initiative.contact_email),
        "agenda": by_vocabulary.get("agenda", []),
        "themes": by_vocabulary.get("theme", []),
        "sdgs": by_vocabulary.get("sdg", []),
        "disciplines": by_vocabulary.get("discipline", []),
        "project_types": by_vocabulary.get("project_type", []),
        "activity_types": by_vocabulary.get("activity_type", []),
        "countries": by_vocabulary.get("country", []),
    }
    rows = {
        "organisations": [{"name": row.actor.name} for row in version.organisations.all()],
        "resources": [
            {"url": link.url, "title": link.title}
            for link in version.links.all()
            if link.kind == InitiativeLink.Kind.RESOURCE
        ],
        "evidence": [
            {"url": link.url, "title": link.title}
            for link in version.links.all()
            if link.kind == InitiativeLink.Kind.EVIDENCE
        ],
        "places": [{"name": p.name, "country": p.country_code} for p in version.places.all()],
    }
    return initial, rows


def _content(
    form: InitiativeForm, formsets: dict[str, Any], keep_transcript: str
) -> services.InitiativeContent:
    data = form.cleaned_data
    links = [
        services.LinkInput(url=row["url"], title=row["title"], kind=link_kind(name))
        for name in ("resources", "evidence")
        for row in (f.cleaned_data for f in formsets[name].forms)
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
    language, confirmed = data.get("language") or "", bool(data.get("language"))
    if not language:
        text = " ".join(
            data.get(name) or "" for name in ("title", "summary", "problem", "approach", "success")
        )
        detected = detect_language(text)
        language = detected.code if detected else ""
    transcript: str | None
    if data.get("remove_transcript"):
        transcript = ""
    elif form.transcript_text is not None:
        transcript = form.transcript_text
    else:
        transcript = None if keep_transcript == "keep" else ""
    return services.InitiativeContent(
        title=data["title"],
        summary=data["summary"],
        holders=data.get("holders") or [],
        problem=data.get("problem") or "",
        approach=data.get("approach") or "",
        success=data.get("success") or "",
        replication=data.get("replication") or "",
        externalities=data.get("externalities") or "",
        evidence_level=data.get("evidence_level") or "",
        start_date=data.get("start_date"),
        end_date=data.get("end_date"),
        project_status=data.get("project_status") or "",
        language=language,
        language_confirmed=confirmed,
        video_url=data.get("video_url") or "",
        transcript_text=transcript,
        terms=form.chosen_terms(),
        organisations=formsets["organisations"].rows("name"),
        links=links,
        places=places,
    )


def _contact(form: Any) -> services.ContactInput:
    email = form.cleaned_data.get("contact_email") or ""
    return services.ContactInput(email=email, consent_text=str(CONSENT_TEXT) if email else "")


def _show_domain_error(form: Any, error: services.InitiativeError) -> None:
    if isinstance(error, services.IncompleteInitiative):
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- verification (level 1): refusals at the form, "is this the same as …?" ----------------


def _show_refused(form: Any, refused: VerificationRefused) -> None:
    """A rate limit or a refused challenge, shown at the top of the form (localised)."""
    form.add_error(None, str(refused.message))
    if isinstance(refused, ChallengeRefused) and hasattr(form, "renew_challenge"):
        form.renew_challenge()


def _unconfirmed_duplicates(
    form: Any, formsets: dict[str, Any] | None, exclude: str = ""
) -> list[dict[str, str]]:
    """Near duplicates of what the form submits, unless the contributor said it is different."""
    data = form.cleaned_data
    if data.get("vf_distinct"):
        return []
    organisation = data.get("organisation") or ""
    if formsets is not None:
        names = formsets["organisations"].rows("name")
        organisation = names[0] if names else ""
    countries = data.get("countries") or []
    country = countries[0].code if countries else (data.get("country") or "")
    return review.similar(data.get("title") or "", organisation, country, exclude)


# --- end verification --------------------------------------------------------------------------


def _form_page(
    request: HttpRequest, form: Any, formsets: dict[str, Any], **context: Any
) -> HttpResponse:
    if isinstance(form, formtokens.PublicForm) and form.is_bound:
        form.renew_token()
    return no_store(
        render(
            request,
            "initiatives/form.html",
            {"form": form, "formsets": formsets, "consent_text": CONSENT_TEXT, **context},
        )
    )


# --- registering a new initiative ---------------------------------------------------------------


def _welcome_or_current(
    request: HttpRequest, contact: services.ContactInput
) -> tuple[User, str | None]:
    """The contributor who registers: the signed-in one, or a new one with a new token."""
    if is_contributor(request.user):
        assert isinstance(request.user, User)
        return request.user, None
    issued = contributor_welcome(
        language=get_language() or "en",
        contact_email=contact.email,
        consent_text=contact.consent_text,
    )
    return issued.token.user, issued.raw


def _created_response(
    request: HttpRequest,
    initiative: Initiative,
    user: User,
    raw: str | None,
    *,
    emailed: bool,
    problems: dict[str, str] | None = None,
) -> HttpResponse:
    edit_url = reverse("initiatives:edit", kwargs={"public_id": initiative.public_id})
    signed_in = False
    if raw is not None and not request.user.is_authenticated:
        login(request, user, backend=TOKEN_BACKEND)
        signed_in = True
    if raw is None:
        return redirect(edit_url + "?saved=1")
    return render_token_once(
        request,
        raw,
        emailed=emailed,
        signed_in=signed_in,
        template="initiatives/created.html",
        context={
            "initiative": initiative,
            "edit_url": edit_url,
            "problems": problems or {},
            # "Save and preview": the token is shown first (once), the preview one click away.
            "preview_url": reverse(
                "initiatives:preview", kwargs={"public_id": initiative.public_id}
            )
            if "preview" in request.POST
            else "",
        },
    )


def _replay(form: Any) -> HttpResponse | None:
    previous = form.token.previous_result() if form.token else None
    return HttpResponseRedirect(previous) if previous else None


def _registered_again(request: HttpRequest, title: str) -> HttpResponse | None:
    """A signed-in contributor who sends the registration again (after going back in the
    browser, the form carries a fresh token) is led to the initiative already registered."""
    if not is_contributor(request.user):
        return None
    assert isinstance(request.user, User)
    existing = queries.initiative_registered_again(request.user, title)
    if existing is None:
        return None
    return redirect(
        reverse("initiatives:edit", kwargs={"public_id": existing.public_id}) + "?already=1"
    )


@csrf_exempt  # visitors post without a cookie: the form's signed single-use token protects it
@require_http_methods(["GET", "POST"])
def initiative_new(request: HttpRequest) -> HttpResponse:
    """The quick path: five fields, a draft, and the access token."""
    if request.method != "POST":
        return no_store(
            render(
                request,
                "initiatives/quick.html",
                {"form": QuickInitiativeForm(request=request), "consent_text": CONSENT_TEXT},
            )
        )
    form = QuickInitiativeForm(request.POST, request=request)
    if form.is_valid():
        replay = _replay(form) or _registered_again(request, form.cleaned_data["title"])
        if replay:
            return replay
        data = form.cleaned_data
        contact = _contact(form)
        from ipsp.taxonomy.models import Term

        country = Term.objects.of("country").filter(code=data["country"]).first()
        content = services.InitiativeContent(
            title=data["title"],
            summary=data["summary"],
            terms=[country] if country else [],
            organisations=[data["organisation"]] if data.get("organisation") else [],
        )
        detected = detect_language(f"{data['title']} {data['summary']}")
        content.language = detected.code if detected else ""
        try:
            with transaction.atomic():
                user, raw = _welcome_or_current(request, contact)
                initiative = services.initiative_create_draft(
                    contributor=user,
                    content=content,
                    contact=contact,
                    language=get_language() or "en",
                )
                review.draft_gate(
                    initiative=initiative,
                    request=request,
                    form=form.verification_signals(),
                    contact_email=contact.email,
                )
                edit_url = reverse("initiatives:edit", kwargs={"public_id": initiative.public_id})
                if not formtokens.record_use(form.token, edit_url):  # type: ignore[arg-type]
                    transaction.set_rollback(True)
                    return _replay(form) or redirect(edit_url)
        except services.InitiativeError as error:
            _show_domain_error(form, error)
        except VerificationRefused as refused:
            _show_refused(form, refused)
        else:
            return _created_response(request, initiative, user, raw, emailed=bool(contact.email))
    form.renew_token()
    return no_store(
        render(request, "initiatives/quick.html", {"form": form, "consent_text": CONSENT_TEXT})
    )


@csrf_exempt  # visitors post without a cookie: the form's signed single-use token protects it
@require_http_methods(["GET", "POST"])
def initiative_new_full(request: HttpRequest) -> HttpResponse:
    """The full registration form, for a visitor or a signed-in contributor."""
    if request.method != "POST":
        return _form_page(
            request, InitiativeCreateForm(request=request), _formsets(None), creating=True
        )
    for button, name in ADD_BUTTONS.items():
        if button in request.POST:
            data = _with_more_rows(request.POST, name)
            form = InitiativeCreateForm(data, request=request)
            form.renew_token()
            return _form_page(request, form, _formsets(data), creating=True, focus=name)
    form = InitiativeCreateForm(request.POST, request.FILES, request=request)
    formsets = _formsets(request.POST)
    valid = form.is_valid() & all(fs.is_valid() for fs in formsets.values())
    if valid:
        replay = _replay(form) or _registered_again(request, form.cleaned_data["title"])
        if replay:
            return replay
        contact = _contact(form)
        content = _content(form, formsets, keep_transcript="")
        problems: dict[str, str] = {}
        if "submit" in request.POST:
            duplicates = _unconfirmed_duplicates(form, formsets)
            if duplicates:
                return _form_page(request, form, formsets, creating=True, duplicates=duplicates)
        try:
            with transaction.atomic():
                user, raw = _welcome_or_current(request, contact)
                initiative = services.initiative_create_draft(
                    contributor=user,
                    content=content,
                    contact=contact,
                    language=get_language() or "en",
                )
                edit_url = reverse("initiatives:edit", kwargs={"public_id": initiative.public_id})
                if not formtokens.record_use(form.token, edit_url):  # type: ignore[arg-type]
                    transaction.set_rollback(True)
                    return _replay(form) or redirect(edit_url)
                if "submit" not in request.POST:
                    review.draft_gate(
                        initiative=initiative,
                        request=request,
                        form=form.verification_signals(),
                        contact_email=contact.email,
                    )
                elif not services.submission_problems(
                    queries.version_with_content(initiative.pending_version_id)  # type: ignore[arg-type]
                ):
                    # level 1 in the same transaction: a refusal stores nothing
                    initiative, _outcome = review.initiative_submit_checked(
                        initiative=initiative,
                        by=user,
                        request=request,
                        form=form.verification_signals(),
                    )
                else:
                    problems = services.submission_problems(
                        queries.version_with_content(initiative.pending_version_id)  # type: ignore[arg-type]
                    )
                    review.draft_gate(
                        initiative=initiative,
                        request=request,
                        form=form.verification_signals(),
                        contact_email=contact.email,
                    )
        except services.InitiativeError as error:
            _show_domain_error(form, error)
        except VerificationRefused as refused:
            _show_refused(form, refused)
        else:
            if raw is None and "preview" in request.POST:
                return redirect("initiatives:preview", public_id=initiative.public_id)
            return _created_response(
                request, initiative, user, raw, emailed=bool(contact.email), problems=problems
            )
    return _form_page(request, form, formsets, creating=True)


# --- editing ---------------------------------------------------------------------------------


def _editor(request: HttpRequest, public_id: str) -> Initiative | HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:token_sign_in"))
    return get_initiative_for_editor(request, public_id)


def _edit_context(initiative: Initiative) -> dict[str, Any]:
    version = initiative.current_version
    loaded = queries.version_with_content(version.pk) if version else None
    return {
        "initiative": initiative,
        "version": loaded,
        "completeness": completeness(loaded) if loaded else None,
        "editable": bool(
            initiative.pending_version
            and initiative.pending_version.state == InitiativeVersion.State.DRAFT
        )
        or (initiative.state == Initiative.State.PUBLISHED and initiative.pending_version is None),
        "language_detected": (
            language_name(loaded.language)
            if loaded and loaded.language and not loaded.language_confirmed
            else ""
        ),
    }


@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _editor(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    initiative = found
    context = _edit_context(initiative)
    version = initiative.current_version
    if request.method != "POST":
        assert version is not None
        initial, rows = _initial_from_version(initiative, version)
        return _form_page(
            request,
            InitiativeForm(initial=initial),
            _formsets(None, rows),
            saved="saved" in request.GET,
            already="already" in request.GET,
            **context,
        )
    if not context["editable"]:
        raise PermissionDenied
    for button, name in ADD_BUTTONS.items():
        if button in request.POST:
            data = _with_more_rows(request.POST, name)
            return _form_page(request, InitiativeForm(data), _formsets(data), focus=name, **context)
    form = InitiativeForm(request.POST, request.FILES)
    formsets = _formsets(request.POST)
    valid = form.is_valid() & all(fs.is_valid() for fs in formsets.values())
    if valid and "submit" in request.POST:
        duplicates = _unconfirmed_duplicates(form, formsets, exclude=initiative.public_id)
        if duplicates:
            return _form_page(request, form, formsets, duplicates=duplicates, **context)
    if valid:
        user = request.user
        assert isinstance(user, User)
        try:
            with transaction.atomic():
                if (
                    initiative.state == Initiative.State.PUBLISHED
                    and initiative.pending_version is None
                ):
                    services.initiative_edit_published(initiative=initiative, by=user)
                    initiative.refresh_from_db()
                initiative = services.initiative_update_draft(
                    initiative=initiative,
                    by=user,
                    content=_content(form, formsets, keep_transcript="keep"),
                    contact=_contact(form),
                )
            if "submit" in request.POST:
                initiative, _outcome = review.initiative_submit_checked(
                    initiative=initiative,
                    by=user,
                    request=request,
                    form=form.verification_signals(),
                )
                return redirect(
                    reverse("initiatives:edit", kwargs={"public_id": initiative.public_id})
                    + "?submitted=1"
                )
        except services.InitiativeError as error:
            _show_domain_error(form, error)
            initiative.refresh_from_db()
            return _form_page(request, form, formsets, **_edit_context(initiative))
        except VerificationRefused as refused:
            _show_refused(form, refused)
            initiative.refresh_from_db()
            return _form_page(request, form, formsets, **_edit_context(initiative))
        if "preview" in request.POST:
            return redirect("initiatives:preview", public_id=initiative.public_id)
        return redirect(
            reverse("initiatives:edit", kwargs={"public_id": initiative.public_id}) + "?saved=1"
        )
    return _form_page(request, form, formsets, **context)


@require_http_methods(["GET"])
def initiative_preview(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _editor(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    initiative = found
    context = _edit_context(initiative)
    version = context["version"]
    if version is None:
        raise PermissionDenied
    questions = [
        (
            queries.field_label(name),
            render_markdown(getattr(version, name)),
        )
        for name in ("problem", "approach", "success", "replication", "externalities")
        if getattr(version, name)
    ]
    return no_store(
        render(
            request,
            "initiatives/preview.html",
            {
                **context,
                "summary_html": render_markdown(version.summary),
                "questions": questions,
                "submit_form": SubmitForm(),
            },
        )
    )


@require_POST
def initiative_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _editor(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    initiative = found
    user = request.user
    assert isinstance(user, User)
    submit_form = SubmitForm(request.POST)

    def back_to_the_form(**extra: Any) -> HttpResponse:
        initial, rows = _initial_from_version(initiative, initiative.current_version)  # type: ignore[arg-type]
        return _form_page(
            request,
            InitiativeForm(initial=initial),
            _formsets(None, rows),
            **extra,
            **_edit_context(initiative),
        )

    if not submit_form.is_valid():
        return back_to_the_form(
            submit_problems={"__all__": " ".join(str(e) for e in submit_form.non_field_errors())}
        )
    duplicates = (
        [] if submit_form.cleaned_data.get("vf_distinct") else review.similar_to_saved(initiative)
    )
    if duplicates:
        return back_to_the_form(duplicates=duplicates)
    try:
        review.initiative_submit_checked(
            initiative=initiative,
            by=user,
            request=request,
            form=submit_form.verification_signals(),
        )
    except services.IncompleteInitiative as error:
        return back_to_the_form(submit_problems=error.errors)
    except VerificationRefused as refused:
        return back_to_the_form(submit_problems={"__all__": str(refused.message)})
    except services.InitiativeError:
        pass
    return redirect(
        reverse("initiatives:edit", kwargs={"public_id": initiative.public_id}) + "?submitted=1"
    )


@require_http_methods(["GET", "POST"])
def initiative_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _editor(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    initiative = found
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        try:
            services.initiative_withdraw(
                initiative=initiative, by=user, reason=form.cleaned_data["reason"]
            )
        except services.InitiativeError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            return redirect(reverse("initiatives:edit", kwargs={"public_id": initiative.public_id}))
    return render(request, "initiatives/withdraw.html", {"initiative": initiative, "form": form})


@require_POST
def initiative_confirm_current(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _editor(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    user = request.user
    assert isinstance(user, User)
    with contextlib.suppress(services.InitiativeError):  # already confirmed or withdrawn
        services.initiative_confirm_current(initiative=found, by=user)
    return redirect(reverse("initiatives:mine") + "?confirmed=1")


def initiatives_mine(request: HttpRequest) -> HttpResponse:
    """The contributor's initiatives are a section of "My entries" (accounts)."""
    return redirect("accounts:my_entries")


def my_entries_context(request: HttpRequest, user: User) -> dict[str, object]:
    """The "My entries" section: the contributor's initiatives, ``MY_ENTRIES_PAGE_SIZE`` a
    page (newest first), each with its state, completeness and freshness question.

    A page number out of range gives the last page, one that is not a number the first.
    """
    page = Paginator(queries.initiative_ids_for_contributor(user), MY_ENTRIES_PAGE_SIZE).get_page(
        request.GET.get(MY_ENTRIES_PAGE_PARAMETER)
    )
    initiatives = queries.initiatives_in_order(list(page.object_list))
    contents = queries.versions_for_completeness(
        initiative.current_version.pk for initiative in initiatives if initiative.current_version
    )  # all at once: the page costs the same with 2 or 50 initiatives
    now = timezone.now()
    rows = []
    for initiative in initiatives:
        version = initiative.current_version
        loaded = contents.get(version.pk) if version else None
        rows.append(
            {
                "initiative": initiative,
                "version": loaded,
                "completeness": completeness(loaded) if loaded else None,
                "freshness_due": queries.freshness_due(initiative, now=now),
                "pending_state": initiative.pending_version.state
                if initiative.pending_version
                else "",
            }
        )
    return {
        "rows": rows,
        "page": page,
        "total": page.paginator.count,
        "page_parameter": MY_ENTRIES_PAGE_PARAMETER,
        "page_links": list(
            page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        )
        if page.has_other_pages()
        else [],
    }


# --- the secretariat's queue ---------------------------------------------------------------


@role_required("secretariat")
@require_http_methods(["GET"])
def staff_queue(request: HttpRequest) -> HttpResponse:
    """Replaced by the verification package's queue (every kind of entry, level 2)."""
    if not is_secretariat(request.user):
        raise PermissionDenied
    return redirect("verification:queue")


@role_required("secretariat")
@require_POST
def staff_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied
    initiative = get_initiative_for_editor(request, public_id)
    form = DecisionForm(request.POST)
    user = request.user
    assert isinstance(user, User)
    error_message = ""
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "publish":
                services.initiative_publish(initiative=initiative, by=user, note=note)
            elif decision == "request_changes":
                services.initiative_request_changes(initiative=initiative, by=user, note=note)
            else:
                services.initiative_reject(initiative=initiative, by=user, note=note)
        except services.InitiativeError as error:
            error_message = error.message
    else:
        error_message = _("Choose a decision.")
    if error_message:
        awaiting = list(queries.initiatives_awaiting_decision()[:200])
        return render(
            request,
            "initiatives/staff_queue.html",
            {
                "awaiting": awaiting,
                "form": form,
                "error": error_message,
                "error_for": initiative.public_id,
            },
            status=400,
        )
    return redirect(reverse("initiatives:staff_queue") + "?done=" + initiative.public_id)
