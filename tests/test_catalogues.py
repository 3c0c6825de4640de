"""Every string in every catalogue is translated into every UI language.

Each package keeps its own catalogue (``ipsp/<package>/locale``; the shared
layout's is ``ipsp/locale``). These tests fail when a package has translatable
strings but no catalogue, when a language lacks a catalogue or some of its
strings, or when an entry is untranslated or fuzzy; ``msgfmt --check`` also
catches placeholders that differ from the English.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

IPSP = Path(__file__).resolve().parent.parent / "ipsp"
LANGUAGES = ["ar", "bn", "zh_Hans", "fr", "hi", "ja", "pt", "ru", "sw", "es"]
TRANSLATABLE = re.compile(
    r"{%\s*(translate|trans|blocktranslate|blocktrans)\b"
    r"|\b(gettext|gettext_lazy|ngettext|ngettext_lazy|pgettext|pgettext_lazy)\s*\("
    r"|\b_\(\s*[\"']"
)


@dataclass(frozen=True)
class Entry:
    msgid: str
    context: str
    translations: tuple[str, ...]
    fuzzy: bool

    @property
    def name(self) -> str:
        return f"{self.context}|{self.msgid}" if self.context else self.msgid


def _unquote(parts: list[str]) -> str:
    return "".join(ast.literal_eval(part) for part in parts)


def read_catalogue(path: Path) -> list[Entry]:
    """A small reader of the .po files makemessages writes (obsolete entries are skipped)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        fields: dict[str, list[str]] = {}
        current = ""
        fuzzy = False
        for line in lines:
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"'):
                fields[current].append(line)
            else:
                keyword, _space, rest = line.partition(" ")
                current = keyword
                fields[current] = [rest]
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue  # the header
        translations = tuple(
            _unquote(value) for key, value in sorted(fields.items()) if key.startswith("msgstr")
        )
        context = _unquote(fields["msgctxt"]) if "msgctxt" in fields else ""
        entries.append(Entry(msgid, context, translations, fuzzy))
    return entries


def catalogue_roots() -> list[Path]:
    """Every folder that owns a catalogue: ipsp/ (shared layout) and each package."""
    roots = [IPSP]
    roots += sorted(path.parent for path in IPSP.glob("*/apps.py"))
    return roots


def source_files(root: Path) -> list[Path]:
    if root == IPSP:
        candidates = [*IPSP.glob("*.py"), *(IPSP / "templates").rglob("*.html")]
    else:
        candidates = [*root.rglob("*.py"), *root.rglob("*.html"), *root.rglob("*.txt")]
    skipped = {"tests", "migrations", "locale", "static"}
    return [
        path
        for path in candidates
        if not skipped & set(path.relative_to(root).parts[:-1]) and path.name != "conftest.py"
    ]


def has_translatable_strings(root: Path) -> bool:
    return any(
        TRANSLATABLE.search(path.read_text(encoding="utf-8", errors="replace"))
        for path in source_files(root)
    )


def catalogue_files() -> list[Path]:
    return sorted(IPSP.rglob("locale/*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("root", catalogue_roots(), ids=lambda root: root.name)
def test_a_package_with_translatable_strings_has_a_catalogue_in_every_language(
    root: Path,
) -> None:
    if not has_translatable_strings(root):
        return
    missing = [
        language
        for language in LANGUAGES
        if not (root / "locale" / language / "LC_MESSAGES" / "django.po").exists()
    ]
    where = root.relative_to(IPSP.parent)
    assert not missing, (
        f"{where} has translatable strings but no catalogue for {', '.join(missing)}: "
        f"run `make messages` and translate them"
    )


@pytest.mark.parametrize("root", catalogue_roots(), ids=lambda root: root.name)
def test_every_language_of_a_package_has_the_same_strings(root: Path) -> None:
    domains = {path.name for path in root.glob("locale/*/LC_MESSAGES/*.po")}
    for domain in sorted(domains):
        names = {
            language: {
                entry.name
                for entry in read_catalogue(root / "locale" / language / "LC_MESSAGES" / domain)
            }
            for language in LANGUAGES
            if (root / "locale" / language / "LC_MESSAGES" / domain).exists()
        }
        assert set(names) == set(LANGUAGES), f"{root.name}/{domain}: {sorted(names)} only"
        every = set().union(*names.values())
        gaps = {
            language: sorted(every - present)[:5]
            for language, present in names.items()
            if every - present
        }
        assert not gaps, f"{root.name}/{domain}: strings missing in {gaps}"


@pytest.mark.parametrize(
    "path", catalogue_files(), ids=lambda path: str(path.relative_to(IPSP.parent))
)
def test_every_entry_is_translated_and_not_fuzzy(path: Path) -> None:
    problems = []
    for entry in read_catalogue(path):
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.name!r}")
        elif not entry.translations or not all(entry.translations):
            problems.append(f"untranslated: {entry.name!r}")
    assert not problems, f"{path.relative_to(IPSP.parent)}:\n" + "\n".join(problems[:20])


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize(
    "path", catalogue_files(), ids=lambda path: str(path.relative_to(IPSP.parent))
)
def test_msgfmt_accepts_the_catalogue_and_its_placeholders(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-domain", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_reader_sees_untranslated_fuzzy_and_plural_entries(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        'msgid "Done"\nmsgstr "Fait"\n\n'
        'msgid "Open"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Close"\nmsgstr "Fermer"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "Mai"\n\n'
        'msgid "%(n)s entry"\nmsgid_plural "%(n)s entries"\n'
        'msgstr[0] "%(n)s fiche"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = {entry.name: entry for entry in read_catalogue(po)}
    assert set(entries) == {"Done", "Open", "Close", "month|May", "%(n)s entry"}
    assert entries["Close"].fuzzy
    assert entries["Open"].translations == ("",)
    assert entries["%(n)s entry"].translations == ("%(n)s fiche", "")
