"""The public pages of an initiative: the page, its versions and their differences,
citation downloads (and the same formats by content negotiation), the tombstone of a
withdrawn initiative (HTTP 410), and "report a problem".

Visitors get no cookie on any of these pages: the report form is a ``PublicForm``.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from ipsp.actors.models import Actor
from ipsp.core.language import language_name
from ipsp.core.maps import map_view
from ipsp.core.markdown import render as render_markdown
from ipsp.core.markdown import to_plain_text
from ipsp.core.panels import entry_panels
from ipsp.identifiers.display import cite_box, highwire_meta, schema_org_data
from ipsp.identifiers.http import FORMATS, citation_download, citation_response, negotiate
from ipsp.identifiers.queries import Doi, EntryDois
from ipsp.identifiers.records import CitableRecord
from ipsp.initiatives import public_queries, queries
from ipsp.initiatives.access import can_edit
from ipsp.initiatives.citable import citable_record
from ipsp.initiatives.embeds import Embed, video_embed
from ipsp.initiatives.models import Initiative, InitiativeLink, InitiativeVersion
from ipsp.initiatives.reports import ProblemReportForm, ReportError, problem_report_create
from ipsp.search.related import related_context

# The five questions of the seed, in the order of the form.
QUESTIONS = ("problem", "approach", "success", "replication", "externalities")


# --- loading ---------------------------------------------------------------------------------


def _initiative(public_id: str) -> Initiative:
    initiative = public_queries.initiative_public(public_id)
    if initiative is None:
        raise Http404
    return initiative


def _is_withdrawn(initiative: Initiative) -> bool:
    return initiative.state == Initiative.State.WITHDRAWN


def _version_or_404(initiative: Initiative, number: int) -> InitiativeVersion:
    if initiative.published_version is not None and initiative.published_version.number == number:
        return initiative.published_version
    version = public_queries.published_version(initiative, number)
    if version is None:
        raise Http404
    return version


# --- pieces of the pages ---------------------------------------------------------------------


def _download_links(initiative: Initiative, number: int | None) -> dict[str, str]:
    links = {}
    for fmt in FORMATS:
        if number is None:
            links[fmt.name] = reverse(
                "initiatives:cite", kwargs={"public_id": initiative.public_id, "fmt": fmt.extension}
            )
        else:
            links[fmt.name] = reverse(
                "initiatives:version_cite",
                kwargs={"public_id": initiative.public_id, "number": number, "fmt": fmt.extension},
            )
    return links


_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _jsonld(record: CitableRecord, doi: Doi | None, version: InitiativeVersion) -> SafeString:
    """schema.org JSON-LD: the entry as a CreativeWork about a Project."""
    data: dict[str, Any] = schema_org_data(record, doi)
    project: dict[str, Any] = {"@type": "Project", "name": version.title}
    if version.start_date:
        project["foundingDate"] = version.start_date.isoformat()
    if version.end_date:
        project["dissolutionDate"] = version.end_date.isoformat()
    organisations = [row.actor.name for row in version.organisations.all()]
    if organisations:
        project["member"] = [{"@type": "Organization", "name": name} for name in organisations]
    countries = [term.label for term in version.terms.all() if term.vocabulary.code == "country"]
    if countries:
        project["areaServed"] = [{"@type": "Country", "name": name} for name in countries]
    data["about"] = project
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - <, >, & escaped


def _actor_url(actor: Actor) -> str:
    """The actor's page, once the actors package has one and the actor is published."""
    if actor.state != Actor.State.PUBLISHED:
        return ""
    try:
        return reverse("actors:detail", kwargs={"public_id": actor.public_id})
    except NoReverseMatch:
        return ""


def _question_label(name: str) -> str:
    field = InitiativeVersion._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _allow_video_frame(response: HttpResponse, embed: Embed | None) -> None:
    """This page only may frame its own video platform's player (after a click)."""
    if embed is not None and embed.frame_origin:
        response._csp_replace = {"frame-src": [embed.frame_origin]}  # type: ignore[attr-defined]


def _version_context(
    request: HttpRequest,
    initiative: Initiative,
    version: InitiativeVersion,
    dois: EntryDois,
    *,
    concept: bool,
) -> dict[str, Any]:
    record = citable_record(initiative, version, concept=concept)
    doi = dois.concept if concept else dois.of(version.number)
    organisations = [
        {"name": row.actor.name, "url": _actor_url(row.actor)}
        for row in version.organisations.all()
    ]
    questions = [
        (_question_label(name), render_markdown(getattr(version, name)))
        for name in QUESTIONS
        if getattr(version, name).strip()
    ]
    return {
        "initiative": initiative,
        "version": version,
        "record": record,
        "doi": doi,
        "concept_doi": dois.concept,
        "version_doi": dois.of(version.number),
        "box": cite_box(
            record, doi, _download_links(initiative, None if concept else version.number)
        ),
        "highwire": highwire_meta(record, doi),
        "jsonld": _jsonld(record, doi, version),
        "summary_html": render_markdown(version.summary),
        "description": Truncator(to_plain_text(version.summary)).chars(300),
        "questions": questions,
        "organisations": organisations,
        "term_groups": public_queries.term_groups(version),
        "evidence_links": public_queries.links_of_kind(version, InitiativeLink.Kind.EVIDENCE),
        "resource_links": public_queries.links_of_kind(version, InitiativeLink.Kind.RESOURCE),
        "places": list(version.places.all()),
        "map": map_view(version.places.all()),
        "video": video_embed(version.video_url),
        "text_language": language_name(version.language) if version.language else "",
        "canonical_url": settings.SITE_URL + request.path,
        "editable": request.user.is_authenticated and can_edit(request.user, initiative),
    }


def _render_version_page(
    request: HttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    response = render(request, template, context)
    patch_vary_headers(response, ["Accept"])
    _allow_video_frame(response, context["video"])
    return response


def _tombstone(request: HttpRequest, initiative: Initiative, dois: EntryDois) -> HttpResponse:
    """What stays of a withdrawn initiative: title, DOI, dates and the reason (HTTP 410)."""
    version = initiative.published_version
    assert version is not None
    links = _download_links(initiative, None)
    response = render(
        request,
        "initiatives/tombstone.html",
        {
            "initiative": initiative,
            "version": version,
            "concept_doi": dois.concept,
            "downloads": [(fmt.label, links[fmt.name], fmt.media_type) for fmt in FORMATS],
        },
        status=410,
    )
    patch_vary_headers(response, ["Accept"])
    return response


# --- the pages -------------------------------------------------------------------------------


@require_safe
def initiative_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The initiative's page (its published version), or a citation format if asked for."""
    initiative = _initiative(public_id)
    version = initiative.published_version
    assert version is not None
    dois = public_queries.initiative_dois(initiative)
    fmt = negotiate(request)
    if fmt is not None:
        record = citable_record(initiative, version, concept=True)
        return citation_response(record, dois.concept, fmt)
    if _is_withdrawn(initiative):
        return _tombstone(request, initiative, dois)
    context = _version_context(request, initiative, version, dois, concept=True)
    context["stale_since"] = queries.freshness_stale_since(initiative)
    context["version_count"] = public_queries.published_version_count(initiative)
    context.update(related_context("initiative", initiative.public_id))
    context["panels"] = entry_panels(request, public_queries.panel_entry(initiative))
    return _render_version_page(request, "initiatives/detail.html", context)


@require_safe
def initiative_version(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    """One published version, current or superseded, at its own address with its own DOI."""
    initiative = _initiative(public_id)
    version = _version_or_404(initiative, number)
    dois = public_queries.initiative_dois(initiative)
    fmt = negotiate(request)
    if fmt is not None:
        return citation_response(citable_record(initiative, version), dois.of(number), fmt)
    if _is_withdrawn(initiative):
        return _tombstone(request, initiative, dois)
    context = _version_context(request, initiative, version, dois, concept=False)
    context["is_current"] = version.pk == initiative.published_version_id
    return _render_version_page(request, "initiatives/version.html", context)


@require_safe
def initiative_cite(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    """A citation download of the initiative (its concept DOI); withdrawn ones too."""
    initiative = _initiative(public_id)
    version = initiative.published_version
    assert version is not None
    dois = public_queries.initiative_dois(initiative)
    return citation_download(citable_record(initiative, version, concept=True), dois.concept, fmt)


@require_safe
def version_cite(request: HttpRequest, public_id: str, number: int, fmt: str) -> HttpResponse:
    initiative = _initiative(public_id)
    version = _version_or_404(initiative, number)
    dois = public_queries.initiative_dois(initiative)
    return citation_download(citable_record(initiative, version), dois.of(number), fmt)


class DiffForm(forms.Form):
    """Which two versions to compare: ``?from=1&to=2`` (a GET form: nothing is written)."""

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(number, str(number)) for number in numbers]
        labels = {"from": gettext_lazy("From version"), "to": gettext_lazy("To version")}
        for name, label in labels.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                coerce=int,
                choices=choices,
                error_messages={
                    "invalid_choice": _("Choose one of the published versions."),
                    "required": _("Choose a version."),
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("from") is not None and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", _("Choose two different versions."))
        return cleaned


def _diff_form(versions: list[InitiativeVersion], data: Any = None) -> DiffForm:
    numbers = sorted(version.number for version in versions if version.number is not None)
    initial = {}
    if len(numbers) >= 2:
        initial = {"from": numbers[-2], "to": numbers[-1]}
    return DiffForm(data, numbers=numbers, initial=initial, auto_id="diff_%s")


@require_safe
def initiative_history(request: HttpRequest, public_id: str) -> HttpResponse:
    """The published versions with their dates and DOIs, and a form to compare two."""
    initiative = _initiative(public_id)
    dois = public_queries.initiative_dois(initiative)
    if _is_withdrawn(initiative):
        return _tombstone(request, initiative, dois)
    versions = public_queries.published_versions(initiative)
    rows = [{"version": version, "doi": dois.of(version.number)} for version in versions]
    return render(
        request,
        "initiatives/history.html",
        {
            "initiative": initiative,
            "version": initiative.published_version,
            "rows": rows,
            "concept_doi": dois.concept,
            "form": _diff_form(versions) if len(versions) >= 2 else None,
        },
    )


def _diff_chunks_html(chunks: list[tuple[str, str]]) -> SafeString:
    parts = []
    for kind, text in chunks:
        if kind == "added":
            parts.append(f"<ins>{escape(text)}</ins>")
        elif kind == "removed":
            parts.append(f"<del>{escape(text)}</del>")
        else:
            parts.append(str(escape(text)))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text escaped above


@require_safe
def initiative_diff(request: HttpRequest, public_id: str) -> HttpResponse:
    """What changed between two published versions: words added and removed, sets changed."""
    initiative = _initiative(public_id)
    dois = public_queries.initiative_dois(initiative)
    if _is_withdrawn(initiative):
        return _tombstone(request, initiative, dois)
    versions = public_queries.published_versions(initiative)
    form = _diff_form(versions, request.GET)
    context: dict[str, Any] = {
        "initiative": initiative,
        "version": initiative.published_version,
        "form": form,
    }
    if not form.is_valid():
        return render(request, "initiatives/diff.html", context, status=400)
    old = _version_or_404(initiative, form.cleaned_data["from"])
    new = _version_or_404(initiative, form.cleaned_data["to"])
    changes = []
    for change in queries.version_diff(old, new):
        changes.append(
            {
                "label": change.label,
                "html": _diff_chunks_html(change.chunks) if change.chunks else "",
                "added": change.added,
                "removed": change.removed,
            }
        )
    context.update({"old": old, "new": new, "changes": changes})
    return render(request, "initiatives/diff.html", context)


# --- report a problem ------------------------------------------------------------------------


def _published_or_gone(request: HttpRequest, public_id: str) -> Initiative | HttpResponse:
    initiative = _initiative(public_id)
    if _is_withdrawn(initiative):
        return _tombstone(request, initiative, public_queries.initiative_dois(initiative))
    return initiative


@csrf_exempt  # visitors post without a cookie: the form's signed single-use token protects it
@require_http_methods(["GET", "POST"])
def initiative_report(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _published_or_gone(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    initiative = found
    sent_url = reverse("initiatives:report_sent", kwargs={"public_id": initiative.public_id})
    if request.method == "POST":
        form = ProblemReportForm(request.POST, request=request)
        if form.is_valid():
            assert form.token is not None
            if form.token.previous_result():
                return HttpResponseRedirect(form.token.previous_result() or sent_url, status=303)
            try:
                with transaction.atomic():
                    problem_report_create(
                        initiative=initiative,
                        reason=form.cleaned_data["reason"],
                        message=form.cleaned_data["message"],
                        token=form.token,
                        result_url=sent_url,
                    )
            except ReportError as error:
                form.add_error(error.field, error.message)
            else:
                return HttpResponseRedirect(sent_url, status=303)
        form.renew_token()
        status = 400
    else:
        form = ProblemReportForm(request=request)
        status = 200
    return render(
        request,
        "initiatives/report_problem.html",
        {"initiative": initiative, "version": initiative.published_version, "form": form},
        status=status,
    )


@require_safe
def initiative_report_sent(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _published_or_gone(request, public_id)
    if isinstance(found, HttpResponse):
        return found
    return render(
        request,
        "initiatives/report_problem.html",
        {"initiative": found, "version": found.published_version, "sent": True},
    )
