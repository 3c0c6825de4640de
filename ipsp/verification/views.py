"""Level 2 pages: the secretariat's queue, one item, bulk decisions, appeals, health,
an entry's audit trail; and the contributor's appeal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ipsp.accounts.access import contributor_required
from ipsp.accounts.models import User
from ipsp.accounts.shortcuts import no_store
from ipsp.verification import conf, level2, queries, reasons, services
from ipsp.verification.access import (
    DECIDE_APPEAL,
    VIEW_AUDIT,
    permission_required,
    secretariat_required,
)
from ipsp.verification.audit import audit_trail
from ipsp.verification.forms import (
    AppealDecisionForm,
    AppealForm,
    BulkDecisionForm,
    QueueDecisionForm,
    QueueFilterForm,
    TermsForm,
)
from ipsp.verification.models import QueueItem
from ipsp.verification.types import EntryReview, VerificationRefused


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _count(value: str) -> int:
    """A count from the query string (after a decision); 0 for anything else."""
    return int(value) if value.isdigit() and len(value) < 5 else 0


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind, str(h.label or kind)) for kind, h in services.registered_kinds().items()]


def _kind_labels() -> dict[str, str]:
    return dict(_kind_choices())


def _review(item: QueueItem) -> EntryReview | None:
    handlers = services.kind_handlers(item.kind)
    if handlers is None or handlers.review is None:
        return None
    return handlers.review(item.entry_public_id)


def _stamp(item: QueueItem) -> str:
    handlers = services.kind_handlers(item.kind)
    if handlers is not None and handlers.stamp is not None:
        return handlers.stamp(item.entry_public_id)
    review = _review(item)
    return review.stamp if review else ""


def _signals(item: QueueItem) -> list[dict[str, Any]]:
    check = item.check_ref
    if check is None:
        return []
    shown = []
    for signal in check.signals or []:
        code = str(signal.get("code", ""))
        if code == "challenge_solved":
            continue
        shown.append(
            {
                "code": code,
                "label": reasons.label(code),
                "score": signal.get("score", 0),
                "detail": signal.get("detail", ""),
            }
        )
    return shown


# --- the queue ------------------------------------------------------------------------------


def _queue_page(
    request: HttpRequest,
    *,
    bulk: BulkDecisionForm | None = None,
    refused: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    facets = queries.queue_facets()
    filters_form = QueueFilterForm(
        request.GET or None,
        kinds=_kind_choices(),
        languages=facets["language"],
        countries=facets["country"],
    )
    filters = queries.QueueFilters()
    if filters_form.is_bound and filters_form.is_valid():
        data = filters_form.cleaned_data
        filters = queries.QueueFilters(
            kind=data.get("kind") or "",
            language=data.get("language") or "",
            country=data.get("country") or "",
            older_than_days=data.get("age"),
            score_min=data.get("score_min"),
            score_max=data.get("score_max"),
        )
    now = timezone.now()
    items = list(queries.queue_waiting(filters, now=now)[:200])
    rows = []
    labels = _kind_labels()
    for item in items:
        rows.append(
            {
                "item": item,
                "kind_label": labels.get(item.kind, item.kind),
                "stamp": _stamp(item),
                "holder": level2.claim_holder(item, now=now),
                "age": now - item.entered_at,
                "reasons": [
                    reasons.label(code)
                    for code in (item.check_ref.reasons if item.check_ref else [])
                ],
                "duplicates": bool(item.check_ref and item.check_ref.duplicates),
            }
        )
    if bulk is None:
        bulk = BulkDecisionForm(item_ids=[item.public_id for item in items])
    return no_store(
        render(
            request,
            "verification/queue.html",
            {
                "rows": rows,
                "filters": filters_form,
                "bulk": bulk,
                "refused": refused or {},
                "kind_labels": _kind_labels(),
                "done": _count(request.GET.get("done", "")),
            },
            status=status,
        )
    )


@secretariat_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request)


@secretariat_required
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    waiting_ids = list(QueueItem.objects.waiting().values_list("public_id", flat=True))
    form = BulkDecisionForm(request.POST, item_ids=waiting_ids)
    if not form.is_valid():
        return _queue_page(request, bulk=form, status=400)
    data = form.cleaned_data
    chosen = list(QueueItem.objects.waiting().filter(public_id__in=data["items"]))
    pairs = [(item, request.POST.get(f"stamp-{item.public_id}", "")) for item in chosen]
    checklist = {key: bool(data.get("checked")) for key in level2.CHECKLIST_KEYS}
    done, refused = level2.queue_decide_many(
        items=pairs,
        by=_user(request),
        decision=level2.DecisionInput(
            decision=data["decision"],
            stamp="",
            checklist=checklist,
            message=data.get("message") or "",
            reason_code=data.get("reason") or "",
        ),
    )
    if refused:
        titles = {item.public_id: item.title for item in chosen}
        messages = {titles.get(pid, pid): message for pid, message in refused.items()}
        fresh = BulkDecisionForm(
            item_ids=list(QueueItem.objects.waiting().values_list("public_id", flat=True))
        )
        return _queue_page(request, bulk=fresh, refused=messages, status=409 if not done else 200)
    return redirect(reverse("verification:queue") + f"?done={len(done)}")


# --- one item -------------------------------------------------------------------------------


def _item_or_404(public_id: str) -> QueueItem:
    item = queries.queue_item_get(public_id)
    if item is None:
        raise Http404
    return item


def _terms_form(item: QueueItem, review: EntryReview, data: Any = None) -> TermsForm:
    handlers = services.kind_handlers(item.kind)
    suggested = (
        handlers.suggest_terms(item.entry_public_id)
        if handlers and handlers.suggest_terms and item.decided_at is None
        else []
    )
    current = list(review.terms)
    choices = [(t.key, f"{t.vocabulary_label}: {t.label}") for t in current]
    known = {t.key for t in current}
    choices += [
        (t.key, f"{t.vocabulary_label}: {t.label}") for t in suggested if t.key not in known
    ]
    form = TermsForm(data, choices=choices, initial={"terms": sorted(known), "stamp": review.stamp})
    form.suggested_keys = {t.key for t in suggested if t.key not in known}  # type: ignore[attr-defined]
    return form


def _item_page(
    request: HttpRequest,
    item: QueueItem,
    *,
    form: QueueDecisionForm | None = None,
    terms_form: TermsForm | None = None,
    error: str = "",
    checklist_error: str = "",
    status: int = 200,
) -> HttpResponse:
    review = _review(item)
    if review is None:
        raise Http404
    now = timezone.now()
    holder = level2.claim_holder(item, now=now)
    if form is None:
        form = QueueDecisionForm(initial={"stamp": review.stamp})
    if terms_form is None:
        terms_form = _terms_form(item, review)
    return no_store(
        render(
            request,
            "verification/item.html",
            {
                "item": item,
                "review": review,
                "kind_label": _kind_labels().get(item.kind, item.kind),
                "signals": _signals(item),
                "duplicates": item.check_ref.duplicates if item.check_ref else [],
                "holder": holder,
                "claimed_by_me": holder is not None and holder.pk == request.user.pk,
                "claim_expires": level2.claim_expires_at(item),
                "form": form,
                "checklist_fields": [form[key] for key in level2.CHECKLIST_KEYS],
                "terms_form": terms_form,
                "error": error,
                "checklist_error": checklist_error,
                "decided": item.decided_at is not None,
                "claim_minutes": conf.get("CLAIM_MINUTES"),
            },
            status=status,
        )
    )


@secretariat_required
@require_GET
def item_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    item = _item_or_404(public_id)
    if item.decided_at is None:
        level2.queue_claim(item, by=_user(request))
    return _item_page(request, item)


@secretariat_required
@require_POST
def item_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    item = _item_or_404(public_id)
    form = QueueDecisionForm(request.POST)
    if not form.is_valid():
        return _item_page(request, item, form=form, status=400)
    data = form.cleaned_data
    try:
        level2.queue_decide(
            item=item,
            by=_user(request),
            decision=level2.DecisionInput(
                decision=data["decision"],
                stamp=data["stamp"],
                checklist=form.checklist(),
                message=data.get("message") or "",
                reason_code=data.get("reason") or "",
            ),
        )
    except level2.ClaimedByOther as refused:
        item.refresh_from_db()
        return _item_page(request, item, form=form, error=str(refused.message), status=409)
    except VerificationRefused as refused:
        item.refresh_from_db()
        field = getattr(refused, "field", "__all__")
        if field == "checklist":
            return _item_page(
                request, item, form=form, checklist_error=str(refused.message), status=400
            )
        if field in form.fields:
            form.add_error(field, str(refused.message))
            return _item_page(request, item, form=form, status=400)
        status = 409 if isinstance(refused, level2.StaleDecision) else 400
        return _item_page(request, item, form=form, error=str(refused.message), status=status)
    return redirect(reverse("verification:queue") + "?done=1")


@secretariat_required
@require_POST
def item_terms(request: HttpRequest, public_id: str) -> HttpResponse:
    item = _item_or_404(public_id)
    review = _review(item)
    if review is None:
        raise Http404
    form = _terms_form(item, review, request.POST)
    if not form.is_valid():
        return _item_page(request, item, terms_form=form, status=400)
    try:
        level2.queue_terms_set(
            item=item,
            by=_user(request),
            keys=list(form.cleaned_data["terms"]),
            stamp=form.cleaned_data["stamp"],
        )
    except VerificationRefused as refused:
        item.refresh_from_db()
        status = 409 if isinstance(refused, (level2.ClaimedByOther, level2.StaleDecision)) else 400
        return _item_page(request, item, error=str(refused.message), status=status)
    return redirect(reverse("verification:item", kwargs={"public_id": item.public_id}) + "?terms=1")


@secretariat_required
@require_POST
def item_release(request: HttpRequest, public_id: str) -> HttpResponse:
    item = _item_or_404(public_id)
    level2.queue_release(item, by=_user(request))
    return redirect("verification:queue")


# --- appeals --------------------------------------------------------------------------------


@permission_required(DECIDE_APPEAL)
@require_GET
def appeals(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [
        {"appeal": appeal, "overdue": appeal.deadline < now}
        for appeal in queries.appeals_open()[:200]
    ]
    return no_store(
        render(
            request,
            "verification/appeals.html",
            {"rows": rows, "kind_labels": _kind_labels(), "done": "done" in request.GET},
        )
    )


@permission_required(DECIDE_APPEAL)
@require_http_methods(["GET", "POST"])
def appeal_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    appeal = queries.appeal_get(public_id)
    if appeal is None:
        raise Http404
    form = AppealDecisionForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                level2.appeal_decide(
                    appeal=appeal,
                    by=_user(request),
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                    checklist=form.checklist(),
                )
            except VerificationRefused as refused:
                field = getattr(refused, "field", "__all__")
                if field in form.fields:
                    form.add_error(field, str(refused.message))
                else:
                    error = str(refused.message)
            else:
                return redirect(reverse("verification:appeals") + "?done=1")
    item = appeal.item
    return no_store(
        render(
            request,
            "verification/appeal.html",
            {
                "appeal": appeal,
                "item": item,
                "review": _review(item),
                "kind_label": _kind_labels().get(item.kind, item.kind),
                "form": form,
                "checklist_fields": [form[key] for key in level2.CHECKLIST_KEYS],
                "error": error,
                "overdue": appeal.deadline < timezone.now(),
            },
            status=status,
        )
    )


# --- health and audit -----------------------------------------------------------------------


@secretariat_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    figures = queries.queue_health(days=14)
    top = max((count for _day, count in figures.decisions_per_day), default=0)
    return no_store(render(request, "verification/health.html", {"health": figures, "top": top}))


@permission_required(VIEW_AUDIT)
@require_GET
def audit(request: HttpRequest, kind: str, public_id: str) -> HttpResponse:
    entries = list(audit_trail(kind, public_id))
    if not entries:
        raise Http404
    return no_store(
        render(
            request,
            "verification/audit.html",
            {
                "entries": entries,
                "kind": kind,
                "kind_label": _kind_labels().get(kind, kind),
                "entry_public_id": public_id,
            },
        )
    )


# --- the contributor's appeal ---------------------------------------------------------------


@contributor_required
@require_http_methods(["GET", "POST"])
def appeal_new(request: HttpRequest, public_id: str) -> HttpResponse:
    item = queries.queue_item_get(public_id)
    user = _user(request)
    if item is None:
        raise Http404
    if item.contributor_id != user.pk:
        raise PermissionDenied
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                level2.appeal_file(item=item, contributor=user, text=form.cleaned_data["text"])
            except VerificationRefused as refused:
                form.add_error("text", str(refused.message))
            else:
                return redirect(reverse("accounts:my_entries") + "?appealed=1")
    return no_store(
        render(
            request,
            "verification/appeal_new.html",
            {
                "item": item,
                "form": form,
                "allowed": level2.appeal_allowed(item),
                "reason": item.reason.label_in(request.LANGUAGE_CODE) if item.reason else "",
                "kind_label": _kind_labels().get(item.kind, item.kind),
            },
            status=status,
        )
    )


def my_entries_context(request: HttpRequest, user: User) -> dict[str, object]:
    """The "Decisions on my entries" section of My entries."""
    language = getattr(request, "LANGUAGE_CODE", "en")
    rows = []
    for item in queries.decisions_for_contributor(user):
        appeal = getattr(item, "appeal", None) if hasattr(item, "appeal") else None
        rows.append(
            {
                "item": item,
                "kind_label": _kind_labels().get(item.kind, item.kind),
                "reason": item.reason.label_in(language) if item.reason else "",
                "appeal": appeal,
                "can_appeal": level2.appeal_allowed(item),
            }
        )
    return {"rows": rows, "appealed": "appealed" in request.GET, "form": AppealForm()}


def staff_home_context(request: HttpRequest, user: User) -> dict[str, object]:
    return {
        "waiting": QueueItem.objects.waiting().count(),
        "appeals": queries.appeals_open().count(),
    }
