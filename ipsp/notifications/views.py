"""Staff's view of outgoing mail, and the one-click unsubscribe endpoint (RFC 8058)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ipsp.accounts import roles
from ipsp.accounts.access import role_required
from ipsp.notifications import queries, services
from ipsp.notifications.models import Category, OutgoingEmail, Suppression
from ipsp.notifications.unsubscribe import UnsubscribeRequest, unsubscribe_token_read

PAGE_SIZE = 50


@require_GET
@role_required(roles.SECRETARIAT)
def staff_mail(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in OutgoingEmail.State.values:
        state = ""
    page = Paginator(queries.email_list(state=state), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/staff_mail.html",
        {
            "counts": queries.email_counts_by_state(),
            "oldest_pending": queries.email_oldest_pending(),
            "state": state,
            "page": page,
            "can_resend": request.user.has_perm("notifications.resend_outgoingemail"),
        },
    )


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/unsubscribe_invalid.html", status=400)


def _category_label(wanted: UnsubscribeRequest) -> str:
    return str(Category(wanted.category).label)


@csrf_exempt  # mail clients POST here with no cookie (RFC 8058); visitors have none either
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners must not unsubscribe anyone); POST unsubscribes."""
    if request.method == "GET":
        wanted = unsubscribe_token_read(token)
        if wanted is None:
            return _invalid(request)
        return render(
            request,
            "notifications/unsubscribe.html",
            {"token": token, "category": _category_label(wanted)},
        )
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    source = Suppression.Source.ONE_CLICK if one_click else Suppression.Source.PAGE
    done = services.unsubscribe(token=token, source=source)
    if done is None:
        return _invalid(request)
    return render(
        request,
        "notifications/unsubscribe_done.html",
        {"token": token, "category": _category_label(done)},
    )


@csrf_exempt
@require_POST
def resubscribe(request: HttpRequest, token: str) -> HttpResponse:
    done = services.resubscribe(token=token)
    if done is None:
        return _invalid(request)
    return render(
        request,
        "notifications/resubscribe_done.html",
        {"token": token, "category": _category_label(done)},
    )
