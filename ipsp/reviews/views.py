"""Pages of reviews: flag an entry, withdraw a flag, the secretariat's list of flags,
and the public "rising actors" list. Views are thin: services write, queries read."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ipsp.accounts.access import staff_required
from ipsp.accounts.services import safe_next
from ipsp.reviews import access, queries, rising, services
from ipsp.reviews.entries import KINDS, merged_into, published_entries, published_entry
from ipsp.reviews.forms import FlagForm, RisingFilters, WithdrawForm
from ipsp.reviews.models import Flag

RISING_PAGE_SIZE = 20
STAFF_PAGE_SIZE = 50


def _user(request: HttpRequest) -> Any:
    return request.user


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def flag_entry(request: HttpRequest, kind: str, public_id: str) -> HttpResponse:
    """The flag form of one published entry (also shown in the entry page's actions)."""
    if not access.can_flag(request.user):
        raise PermissionDenied
    if kind not in KINDS:
        raise Http404
    entry = published_entry(kind, public_id)
    status = 200
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_add(
                kind=kind,
                public_id=public_id,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
                by=_user(request),
            )
        except services.FlagError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except services.FlagForbidden as error:
            raise PermissionDenied from error
        else:
            assert entry is not None
            return HttpResponseRedirect(entry.url + "#flag-panel-title")
    if request.method == "POST":
        status = 400
    elif entry is None:
        raise Http404
    return render(
        request,
        "reviews/flag.html",
        {
            "entry": entry,
            "form": form,
            "kind": kind,
            "public_id": public_id,
            "own": queries.live_flag_of(kind, public_id, request.user.pk),
            "summary_panel": {"summary": queries.public_summary(kind, public_id)},
        },
        status=status,
    )


@staff_required
@require_POST
def flag_withdraw(request: HttpRequest, flag_id: str) -> HttpResponse:
    flag = queries.flag_by_public_id(flag_id)
    if flag is None:
        raise Http404
    if not access.can_withdraw(request.user, flag.created_by_id):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    entry = published_entry(flag.kind, flag.entry_public_id)
    back = safe_next(request, request.POST.get("next")) or (
        entry.url + "#flag-panel-title" if entry else reverse("reviews:staff_flags")
    )
    if form.is_valid():
        try:
            services.flag_withdraw(flag=flag, by=_user(request), note=form.cleaned_data["note"])
        except services.FlagError as error:
            form.add_error(None, error.message)
        except services.FlagForbidden as error:
            raise PermissionDenied from error
        else:
            return HttpResponseRedirect(back)
    return render(
        request,
        "reviews/withdraw_failed.html",
        {"form": form, "flag": flag, "back": back},
        status=400,
    )


@staff_required
@require_safe
def staff_flags(request: HttpRequest) -> HttpResponse:
    """The secretariat's list of flags, latest first, by category and state."""
    if not access.can_see_all_flags(request.user):
        raise PermissionDenied
    category = request.GET.get("category", "")
    if category not in Flag.Category.values:
        category = ""
    state = request.GET.get("state", "live")
    if state not in {"live", "withdrawn", "all"}:
        state = "live"
    page = Paginator(
        queries.flags_for_staff(category=category, state=state), STAFF_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    entries: dict[tuple[str, str], Any] = {}
    for kind in KINDS:
        ids = [flag.entry_public_id for flag in page if flag.kind == kind]
        moved = merged_into(kind, ids)  # a merged duplicate's flags show the entry that stays
        found = published_entries(kind, {moved.get(pid, pid) for pid in ids})
        for pid in ids:
            entries[(kind, pid)] = found.get(moved.get(pid, pid))
    rows = [(flag, entries.get((flag.kind, flag.entry_public_id))) for flag in page]
    query = {"category": category, "state": state}
    return render(
        request,
        "reviews/staff_flags.html",
        {
            "rows": rows,
            "page": page,
            "categories": Flag.Category.choices,
            "category": category,
            "state": state,
            "states": [
                ("live", _label("live")),
                ("withdrawn", _label("withdrawn")),
                ("all", _label("all")),
            ],
            "base_query": urlencode({k: v for k, v in query.items() if v}),
            "withdraw_form": WithdrawForm(),
        },
    )


def _label(state: str) -> str:
    from django.utils.translation import gettext as _

    return {"live": _("Live"), "withdrawn": _("Withdrawn"), "all": _("All")}[state]


@require_safe
def rising_actors(request: HttpRequest) -> HttpResponse:
    """Public: organisations to discover, by a transparent score (see ``rising``)."""
    from ipsp.taxonomy.queries import terms_by_label, terms_of

    regions = [(t.code, t.label) for t in terms_of("region")]
    themes = [(t.code, t.label) for t in terms_by_label(terms_of("theme"))]
    filters = RisingFilters(request.GET or None, regions=regions, themes=themes)
    region = theme = ""
    if filters.is_bound and filters.is_valid():
        region = filters.cleaned_data["region"]
        theme = filters.cleaned_data["theme"]
    page = Paginator(rising.ranked(region=region, theme=theme), RISING_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = rising.explain(list(page.object_list))  # reasons for this page only
    query = urlencode({k: v for k, v in {"region": region, "theme": theme}.items() if v})
    return render(
        request,
        "reviews/rising.html",
        {
            "filters": filters,
            "page": page,
            "items": items,
            "base_query": query,
            "preparing": not items and page.number == 1 and rising.preparing(),
            "weights": rising.WEIGHTS,
            "founded_years": rising.FOUNDED_YEARS,
            "published_days": rising.PUBLISHED_DAYS,
            "flags_full": rising.FLAGS_FULL,
            "small_share": [
                (label, round(share * rising.WEIGHTS["small"]))
                for label, share in rising.small_share_labels()
            ],
        },
    )
