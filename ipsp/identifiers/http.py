"""Citation downloads and content negotiation for entry pages.

A directory page view calls ``negotiate(request)``: when the Accept header
prefers a citation format it answers ``citation_response(record, doi, fmt)``
instead of HTML (and adds ``Vary: Accept`` to its HTML response too, e.g. with
``django.utils.cache.patch_vary_headers``). Download URLs such as
``/<lang>/initiatives/<pid>/cite.bib`` call ``citation_download``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ipsp.identifiers import citations, metadata
from ipsp.identifiers.models import Doi
from ipsp.identifiers.records import CitableRecord


@dataclass(frozen=True)
class CitationFormat:
    name: str
    media_type: str
    extension: str  # without the leading dot
    label: str | Promise
    render: Callable[[CitableRecord, Doi | None], str]
    aliases: tuple[str, ...] = ()


FORMATS: tuple[CitationFormat, ...] = (
    CitationFormat("bibtex", "application/x-bibtex", "bib", "BibTeX", citations.bibtex,
                   aliases=("text/x-bibtex",)),
    CitationFormat("ris", "application/x-research-info-systems", "ris", "RIS", citations.ris),
    CitationFormat("csl-json", "application/vnd.citationstyles.csl+json", "csl.json",
                   "CSL-JSON", citations.csl_json),
    CitationFormat("datacite-xml", "application/vnd.datacite.datacite+xml", "datacite.xml",
                   _("DataCite XML"), metadata.datacite_xml),
    CitationFormat("datacite-json", "application/vnd.datacite.datacite+json", "datacite.json",
                   _("DataCite JSON"), metadata.datacite_json),
)  # fmt: skip
BY_NAME = {fmt.name: fmt for fmt in FORMATS}
BY_EXTENSION = {fmt.extension: fmt for fmt in FORMATS}

HTML = "html"
_OFFERED: list[tuple[str, str]] = [("text/html", HTML), ("application/xhtml+xml", HTML)]
for _fmt in FORMATS:
    _OFFERED += [(media, _fmt.name) for media in (_fmt.media_type, *_fmt.aliases)]


def format_by_name(name: str) -> CitationFormat | None:
    return BY_NAME.get(name)


def format_by_extension(extension: str) -> CitationFormat | None:
    return BY_EXTENSION.get(extension.lstrip("."))


def _parse_accept(header: str) -> list[tuple[str, str, float]]:
    ranges = []
    for part in header.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if "/" not in media:
            continue
        main, sub = (token.strip().lower() for token in media.split("/", 1))
        quality = 1.0
        for param in params:
            key, _sep, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((main, sub, quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, str, float]]) -> tuple[float, int]:
    """q of the most specific range matching ``media_type``, and that specificity."""
    main, sub = media_type.split("/")
    best: tuple[float, int] = (0.0, -1)
    for range_main, range_sub, quality in ranges:
        if (range_main, range_sub) == (main, sub):
            specificity = 2
        elif range_main == main and range_sub == "*":
            specificity = 1
        elif (range_main, range_sub) == ("*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (quality, specificity)
    return best


def negotiate(request: HttpRequest) -> str | None:
    """The citation format the Accept header prefers, or None for the HTML page.

    Wildcards never select a citation format: only a client that names one gets it.
    """
    ranges = _parse_accept(request.headers.get("Accept", ""))
    if not ranges:
        return None
    best_name, best_quality = HTML, 0.0
    for media_type, name in _OFFERED:
        quality, specificity = _quality(media_type, ranges)
        if name != HTML and specificity < 2:
            continue
        # ties go to the first offered, HTML
        if quality > best_quality:
            best_name, best_quality = name, quality
    return None if best_name == HTML else best_name


def filename(record: CitableRecord, fmt: CitationFormat) -> str:
    stem = f"ipsp-{record.public_id}"
    if record.version is not None:
        stem += f"-v{record.version}"
    return f"{stem}.{fmt.extension}"


def citation_response(
    record: CitableRecord, doi: Doi | None, fmt: str, *, download: bool = False
) -> HttpResponse:
    """The record in format ``fmt`` (a name in FORMATS), with its content type."""
    citation_format = format_by_name(fmt)
    if citation_format is None:
        raise Http404("unknown citation format")
    response = HttpResponse(
        citation_format.render(record, doi),
        content_type=f"{citation_format.media_type}; charset=utf-8",
    )
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{filename(record, citation_format)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    if doi is not None:
        response["Link"] = f'<{doi.resolver_url}>; rel="cite-as"'
    patch_vary_headers(response, ["Accept"])
    return response


def citation_download(record: CitableRecord, doi: Doi | None, fmt: str) -> HttpResponse:
    """For download URLs: ``fmt`` is a format name or file extension ("bib", "csl.json")."""
    citation_format = format_by_name(fmt) or format_by_extension(fmt)
    if citation_format is None:
        raise Http404("unknown citation format")
    return citation_response(record, doi, citation_format.name, download=True)
