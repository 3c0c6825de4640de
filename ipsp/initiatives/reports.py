"""Visitors report a problem on an initiative page; the secretariat is told by email.

The report is stored (the secretariat handles it in the admin, "Problem reports")
and every active member of the secretariat with an address gets an email once
the report is committed. The form is a ``PublicForm``: no cookie, single use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ipsp.accounts import roles
from ipsp.accounts.queries import users_with_role
from ipsp.core.formtokens import FormToken, PublicForm, record_use
from ipsp.initiatives.models import Initiative, ProblemReport

if TYPE_CHECKING:
    from ipsp.accounts.models import User

MESSAGE_MAX = 4000


class ReportError(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ProblemReportForm(PublicForm):
    form_name = "initiatives.problem_report"

    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ProblemReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong.")},
    )
    message = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX}),
        help_text=_(
            "Say what is wrong and, if you can, what would be right. Do not write personal "
            "data: the secretariat reads this, the public does not."
        ),
        error_messages={
            "max_length": _("Keep the details under %(limit_value)d characters."),
        },
    )

    def clean_message(self) -> str:
        message = (self.cleaned_data.get("message") or "").strip()
        reason = self.data.get("reason")
        if reason == ProblemReport.Reason.OTHER and not message:
            raise forms.ValidationError(_("Please describe the problem."), code="required")
        return message


def secretariat_recipients() -> list[User]:
    """Active members of the secretariat who have an address."""
    return users_with_role(roles.SECRETARIAT, reachable=True)


def _admin_url(report: ProblemReport) -> str:
    from django.conf import settings

    try:
        return settings.SITE_URL + reverse(
            "admin:initiatives_problemreport_change", args=[report.pk]
        )
    except NoReverseMatch:
        return ""


def _notify_secretariat(report_id: int) -> int:
    """Email the secretariat about one report; returns how many messages were written."""
    from ipsp.notifications.services import email_send, site_url

    report = ProblemReport.objects.select_related("initiative").filter(pk=report_id).first()
    if report is None:
        return 0
    initiative = report.initiative
    sent = 0
    for user in secretariat_recipients():
        language = user.language or "en"
        email_send(
            kind="initiative_problem_reported",
            to=user.notification_email,
            language=language,
            context={
                "title": str(initiative),
                "public_id": initiative.public_id,
                # lazy: rendered in the recipient's language
                "reason": ProblemReport.Reason(report.reason).label,
                "message": report.message,
                "page_url": site_url(
                    "initiatives:detail", language, public_id=initiative.public_id
                ),
                "admin_url": _admin_url(report),
            },
        )
        sent += 1
    return sent


@transaction.atomic
def problem_report_create(
    *,
    initiative: Initiative,
    reason: str,
    message: str = "",
    token: FormToken | None = None,
    result_url: str = "",
) -> ProblemReport | None:
    """Store a visitor's report and tell the secretariat on commit.

    With ``token`` the submission is single-use: a replay (double click, resent
    request) that reaches this point after the first returns None and stores nothing.
    """
    if initiative.state != Initiative.State.PUBLISHED:
        raise ReportError(None, str(_("This initiative can no longer be reported.")))
    if reason not in ProblemReport.Reason.values:
        raise ReportError("reason", str(_("Choose what is wrong.")))
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise ReportError(
            "message",
            str(_("Keep the details under %(limit_value)d characters."))
            % {"limit_value": MESSAGE_MAX},
        )
    if token is not None and not record_use(token, result_url):
        return None
    report = ProblemReport(initiative=initiative, reason=reason, message=message)
    report.full_clean(exclude=["initiative"])
    report.save()
    report_id = report.pk
    transaction.on_commit(lambda: _notify_secretariat(report_id))
    return report
