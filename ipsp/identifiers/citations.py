"""Citation formats of a citable record: BibTeX, RIS, CSL-JSON, APA and Chicago.

Formatted citations come from citeproc-py with the official CSL styles vendored
in ``csl/`` (see its README for their source, licence and one local change).
"""

from __future__ import annotations

import functools
import json
import logging
import re
from pathlib import Path
from typing import Any, Literal

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.db import DatabaseError, transaction
from django.utils.safestring import SafeString, mark_safe

from ipsp.identifiers.models import Doi, FormattedCitation
from ipsp.identifiers.records import CitableRecord, Creator

logger = logging.getLogger(__name__)

CSL_DIR = Path(__file__).resolve().parent / "csl"
STYLES = {"apa": "apa.csl", "chicago": "chicago-author-date.csl"}
Style = Literal["apa", "chicago"]

# UI language -> the CSL locale citeproc-py ships; Bengali and Swahili have none,
# their citations stay in English (see docs/decisions.md (identifiers)).
CSL_LOCALES = {
    "en": "en-US",
    "ar": "ar",
    "zh-hans": "zh-CN",
    "fr": "fr-FR",
    "hi": "hi-IN",
    "ja": "ja-JP",
    "pt": "pt-PT",
    "ru": "ru-RU",
    "es": "es-ES",
}
FALLBACK_LOCALE = "en-US"


def citation_key(record: CitableRecord) -> str:
    key = f"ipsp_{record.public_id}"
    return key if record.version is None else f"{key}_v{record.version}"


# --- CSL-JSON -------------------------------------------------------------------------


def _csl_name(creator: Creator) -> dict[str, str]:
    if creator.is_organisation or not creator.family_name:
        return {"literal": creator.name}
    name = {"family": creator.family_name}
    if creator.given_name:
        name["given"] = creator.given_name
    return name


def csl_item(record: CitableRecord, doi: Doi | None = None) -> dict[str, Any]:
    """One CSL-JSON item (the schema citeproc-js, citeproc-py, Zotero and Pandoc read)."""
    date = record.publication_date
    item: dict[str, Any] = {
        "id": citation_key(record),
        "type": "document",
        "title": record.title,
        "publisher": record.publisher,
        "issued": {"date-parts": [[date.year, date.month, date.day]]},
        "URL": record.landing_url,
        "genre": record.resource_type,
        "language": record.language,
    }
    if record.creators:
        item["author"] = [_csl_name(creator) for creator in record.creators]
    if doi is not None:
        item["DOI"] = doi.doi
    if record.version is not None:
        item["version"] = str(record.version)
    if record.summary.strip():
        item["abstract"] = record.summary.strip()
    if record.subjects:
        item["keyword"] = ", ".join(dict.fromkeys(subject.label for subject in record.subjects))
    return item


def csl_json(record: CitableRecord, doi: Doi | None = None) -> str:
    return json.dumps([csl_item(record, doi)], ensure_ascii=False, indent=2)


# --- BibTeX ---------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(char) for char in _LATEX_SPECIALS))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters; non-ASCII stays as UTF-8 (biber, bibtexparser)."""
    single_line = " ".join(text.split())
    return _LATEX_RE.sub(lambda match: _LATEX_SPECIALS[match.group(0)], single_line)


def _bibtex_name(creator: Creator) -> str:
    if creator.is_organisation or not creator.family_name:
        # braces: a corporate or undivided name is not split into first and last names
        return "{" + latex_escape(creator.name) + "}"
    family = latex_escape(creator.family_name)
    if " and " in f" {family.lower()} " or "," in family:
        family = "{" + family + "}"
    if not creator.given_name:
        return family
    given = latex_escape(creator.given_name)
    if " and " in f" {given.lower()} " or "," in given:
        given = "{" + given + "}"
    return f"{family}, {given}"


def _verbatim(text: str) -> str:
    # url and doi fields are read verbatim; only unbalanced braces could break them
    return text.replace("{", "%7B").replace("}", "%7D")


def bibtex(record: CitableRecord, doi: Doi | None = None) -> str:
    """A BibTeX ``@misc`` entry (also read by biblatex)."""
    fields: list[tuple[str, str]] = []
    if record.creators:
        fields.append(("author", " and ".join(_bibtex_name(c) for c in record.creators)))
    # double braces keep the title's capitalisation as written
    fields.append(("title", "{" + latex_escape(record.title) + "}"))
    fields.append(("year", str(record.year)))
    fields.append(("month", _MONTHS[record.publication_date.month - 1]))
    fields.append(("publisher", latex_escape(record.publisher)))
    fields.append(("howpublished", latex_escape(record.resource_type)))
    if record.version is not None:
        fields.append(("version", str(record.version)))
    if doi is not None:
        fields.append(("doi", _verbatim(doi.doi)))
    fields.append(("url", _verbatim(record.landing_url)))
    fields.append(("language", latex_escape(record.language)))
    if record.subjects:
        labels = dict.fromkeys(subject.label for subject in record.subjects)
        fields.append(("keywords", latex_escape(", ".join(labels))))
    lines = [f"@misc{{{citation_key(record)},"]
    for name, value in fields:
        # month macros are bare words; every other value is braced
        rendered = value if name == "month" else "{" + value + "}"
        lines.append(f"  {name} = {rendered},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- RIS ------------------------------------------------------------------------------


def _ris_value(text: str) -> str:
    return " ".join(text.split())


def _ris_name(creator: Creator) -> str:
    if creator.is_organisation or not creator.family_name:
        return _ris_value(creator.name)
    if creator.given_name:
        return _ris_value(f"{creator.family_name}, {creator.given_name}")
    return _ris_value(creator.family_name)


def ris(record: CitableRecord, doi: Doi | None = None) -> str:
    """An RIS record (tag, two spaces, hyphen, space, value; CRLF line ends)."""
    date = record.publication_date
    lines = [("TY", "GEN")]
    lines += [("AU", _ris_name(creator)) for creator in record.creators]
    lines += [
        ("TI", _ris_value(record.title)),
        ("PY", str(date.year)),
        ("DA", f"{date.year:04d}/{date.month:02d}/{date.day:02d}"),
        ("PB", _ris_value(record.publisher)),
        ("M3", _ris_value(record.resource_type)),
        ("LA", record.language),
    ]
    if record.version is not None:
        lines.append(("ET", str(record.version)))
    if doi is not None:
        lines.append(("DO", doi.doi))
    lines.append(("UR", record.landing_url))
    if record.summary.strip():
        lines.append(("AB", _ris_value(record.summary)))
    lines += [
        ("KW", _ris_value(label))
        for label in dict.fromkeys(subject.label for subject in record.subjects)
    ]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\r\n" for tag, value in lines)


# --- APA and Chicago through citeproc-py ----------------------------------------------

# citeproc-py does not escape the text it is given: the HTML-special characters of
# the record are swapped for private-use characters before, and for entities after.
_SHIELD = {"&": "\ue000", "<": "\ue001", ">": "\ue002", '"': "\ue003", "'": "\ue004"}
_UNSHIELD = {
    "\ue000": "&amp;",
    "\ue001": "&lt;",
    "\ue002": "&gt;",
    "\ue003": "&quot;",
    "\ue004": "&#x27;",
}


def _shield(value: Any) -> Any:
    if isinstance(value, str):
        cleaned = "".join(char for char in value if char not in _UNSHIELD)
        return "".join(_SHIELD.get(char, char) for char in cleaned)
    if isinstance(value, list):
        return [_shield(item) for item in value]
    if isinstance(value, dict):
        return {key: _shield(item) for key, item in value.items()}
    return value


@functools.cache
def _style(style: Style, locale: str) -> CitationStylesStyle:
    return CitationStylesStyle(str(CSL_DIR / STYLES[style]), locale=locale, validate=False)


_KNOWN_LOCALES = frozenset(CSL_LOCALES.values())


def csl_locale(language: str) -> str:
    """The CSL locale of a UI language ("fr" -> "fr-FR"); a CSL locale stays itself."""
    if language in _KNOWN_LOCALES:
        return language
    return CSL_LOCALES.get(language.lower(), FALLBACK_LOCALE)


def formatted(
    record: CitableRecord, doi: Doi | None = None, style: Style = "apa", language: str = "en"
) -> SafeString:
    """The bibliography entry in APA 7 or Chicago author-date, as safe HTML."""
    item = csl_item(record, doi)
    # the abstract and keywords are not part of a reference
    item.pop("abstract", None)
    item.pop("keyword", None)
    return mark_safe(  # noqa: S308 - made safe by _formatted
        _formatted(json.dumps(item, sort_keys=True, default=str), style, language)
    )


# citeproc takes 10-20 ms of CPU an entry: an entry page is formatted again only when
# what its reference shows changes (the key is the whole CSL item), in each worker.
@functools.lru_cache(maxsize=2048)
def _formatted(item_json: str, style: Style, language: str) -> str:
    item = _shield(json.loads(item_json))
    bibliography = CitationStylesBibliography(
        _style(style, csl_locale(language)), CiteProcJSON([item]), formatter.html
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = "".join(str(entry) for entry in bibliography.bibliography())
    for private, entity in _UNSHIELD.items():
        text = text.replace(private, entity)
    # any character citeproc-py itself left raw (never markup it generated)
    text = re.sub(r"&(?!(?:amp|lt|gt|quot|#x27|#\d+|#x[0-9a-fA-F]+);)", "&amp;", text)
    return text  # every input character was escaped above


# --- Stored references: formatted once per DOI revision and locale ----------------------


def _storable(record: CitableRecord, doi: Doi | None) -> bool:
    """Only a saved DOI of this very record keeps references (a preview has none)."""
    return (
        doi is not None
        and doi.pk is not None
        and (doi.target_kind, doi.target_public_id, doi.target_version)
        == (record.kind, record.public_id, record.version)
    )


def _format_both(
    record: CitableRecord, doi: Doi | None, language: str
) -> tuple[SafeString, SafeString]:
    return formatted(record, doi, "apa", language), formatted(record, doi, "chicago", language)


def references_store(record: CitableRecord, doi: Doi, *, locales: list[str]) -> None:
    """Format and keep the APA and Chicago references of ``doi`` in each CSL locale, now
    (``manage.py dois_store_references``). Reservation uses ``references_store_on_commit``.
    """
    if not _storable(record, doi):
        return
    _keep(doi, {locale: _format_both(record, doi, locale) for locale in locales})


def references_store_on_commit(record: CitableRecord, doi: Doi, *, locales: list[str]) -> None:
    """Format and keep the references of ``doi`` once the current transaction commits.

    Called where the DOI is reserved or changed, so the entry page reads them instead of
    running citeproc. citeproc takes ~28 ms of CPU per locale (both styles): after the commit it
    holds no lock on the DOI and does not lengthen the publishing transaction. If the
    DOI changed again meanwhile, the newer revision's own call keeps its references; a
    failure is logged and the page formats what is missing at its first view.
    """
    if not _storable(record, doi):
        return
    doi_id, revision, name = doi.pk, doi.revision, doi.doi

    def store() -> None:
        try:
            texts = {locale: _format_both(record, doi, locale) for locale in locales}
            with transaction.atomic():
                current = (
                    Doi.objects.select_for_update().filter(pk=doi_id, revision=revision).first()
                )
                if current is not None:
                    _keep(current, texts)
        except Exception:
            # never the publication's failure: it has committed; the page formats them
            logger.warning("could not store the references of DOI %s", name, exc_info=True)

    transaction.on_commit(store, robust=True)


def _keep(doi: Doi, texts: dict[str, tuple[SafeString, SafeString]]) -> None:
    """Store (or replace) the (APA, Chicago) ``texts`` of ``doi`` by CSL locale."""
    FormattedCitation.objects.bulk_create(
        [
            FormattedCitation(
                doi=doi, locale=locale, revision=doi.revision, apa=str(apa), chicago=str(chicago)
            )
            for locale, (apa, chicago) in texts.items()
        ],
        update_conflicts=True,
        unique_fields=["doi", "locale"],
        update_fields=["revision", "apa", "chicago"],
    )


def references(
    record: CitableRecord, doi: Doi | None, language: str = "en"
) -> tuple[SafeString, SafeString]:
    """(APA, Chicago) of the record as safe HTML: the stored text when it is current,
    else formatted now (and stored, for a saved DOI, for the next reader)."""
    if not _storable(record, doi):
        return _format_both(record, doi, language)
    assert doi is not None
    locale = csl_locale(language)
    stored: tuple[str, str] | None
    if getattr(doi, "cited_locale", None) == locale:
        # read with the DOI (queries.with_references)
        apa_text, chicago_text = (
            getattr(doi, "cited_apa", None),
            getattr(doi, "cited_chicago", None),
        )
        stored = (
            (apa_text, chicago_text) if apa_text is not None and chicago_text is not None else None
        )
    else:
        stored = (
            FormattedCitation.objects.filter(doi=doi, locale=locale, revision=doi.revision)
            .values_list("apa", "chicago")
            .first()
        )
    if stored is not None:
        # formatted by _formatted, which escapes every character of the record
        return mark_safe(stored[0]), mark_safe(stored[1])  # noqa: S308
    apa, chicago = _format_both(record, doi, locale)
    try:
        with transaction.atomic():
            _keep(doi, {locale: (apa, chicago)})
    except DatabaseError:
        # a read-only replica or a concurrent writer: the page shows them all the same
        logger.warning("could not store the references of DOI %s", doi.doi, exc_info=True)
    return apa, chicago
