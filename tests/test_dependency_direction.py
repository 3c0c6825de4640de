"""Dependencies point one way (DESIGN.md, "Dependencies point one way"): a package never
imports a package above it, so the lower ones stay usable by the next kind of entry.

Every import of every module of ``ipsp/<package>/`` is read with ``ast`` (top-level,
inside functions, under ``TYPE_CHECKING``, relative ones resolved); ``tests/``
directories are left out (a test may put packages together). Packages on the same line
of DESIGN.md may use each other one way, never both ways. Model references by name
(``ForeignKey("app.Model")``) are held to the same rule, apart from the exceptions
listed below with their reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

IPSP = Path(__file__).resolve().parent.parent / "ipsp"

# DESIGN.md's list, bottom first. A package may import the lines below its own.
LAYERS: list[set[str]] = [
    {"core"},
    {"accounts", "taxonomy"},
    {"verification", "search", "identifiers", "translation", "notifications"},
    {"actors"},
    {"initiatives"},
    {"reviews", "community", "openspace"},
    {"portal", "interop", "privacy"},
]
LEVEL = {package: index for index, layer in enumerate(LAYERS) for package in layer}

# (importing package, imported package): why it is allowed. Keep this empty.
KNOWN_IMPORTS: dict[tuple[str, str], str] = {}

# (package, "app_label.Model"): why the model may name a model of a package above it.
KNOWN_MODEL_REFERENCES: dict[tuple[str, str], str] = {
    ("actors", "initiatives.Initiative"): (
        "ActorClaim.initiative and Actor.created_from_initiative: a claim and the draft "
        "made from an initiative name it; moving these links into initiatives needs a data "
        "migration. Read through ipsp.actors.entries, never imported."
    ),
}

_MODEL_REFERENCE = re.compile(r"^([a-z_]+)\.[A-Z]\w*$")
_RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _packages() -> list[str]:
    return sorted(path.parent.name for path in IPSP.glob("*/__init__.py"))


def _modules(package: str) -> list[Path]:
    root = IPSP / package
    return [
        path for path in sorted(root.rglob("*.py")) if "tests" not in path.relative_to(root).parts
    ]


def _imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, ipsp package) of every import in the module."""
    module = ".".join(path.relative_to(IPSP.parent).with_suffix("").parts)
    return _imports(path.read_text(encoding="utf-8"), module)


def _imports(source: str, module: str) -> list[tuple[int, str]]:
    """(line, ipsp package) of every import in ``source``, the text of ``module``."""
    module_parts = module.split(".")
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            if node.level:
                base = module_parts[: -node.level]
                imported = ".".join(base + ([node.module] if node.module else []))
            else:
                imported = node.module or ""
            if imported == "ipsp":  # from ipsp import actors
                names = [f"ipsp.{alias.name}" for alias in node.names]
            else:
                names = [imported]
        for name in names:
            parts = name.split(".")
            if parts[0] == "ipsp" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def _model_references(path: Path) -> list[tuple[int, str]]:
    return _model_references_in(path.read_text(encoding="utf-8"))


def _model_references_in(source: str) -> list[tuple[int, str]]:
    """(line, "app_label.Model") of every relation field naming a model by string."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        if name not in _RELATIONS:
            continue
        values = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "to")]
        for value in values:
            if (
                isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and _MODEL_REFERENCE.match(value.value)
            ):
                found.append((node.lineno, value.value))
    return found


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(IPSP.parent)}:{line}"


def test_every_package_has_its_place_in_the_design() -> None:
    unplaced = [package for package in _packages() if package not in LEVEL]
    assert not unplaced, f"Place {unplaced} in DESIGN.md's dependency list and in LAYERS here."


@pytest.mark.parametrize("package", [p for p in _packages() if p in LEVEL])
def test_a_package_imports_no_package_above_it(package: str) -> None:
    above = []
    for path in _modules(package):
        for line, other in _imported_packages(path):
            if other == package or other not in LEVEL or (package, other) in KNOWN_IMPORTS:
                continue
            if LEVEL[other] > LEVEL[package]:
                above.append(f"{_where(path, line)} imports ipsp.{other}")
    assert not above, "\n".join(above)


def test_packages_on_the_same_line_use_each_other_one_way_only() -> None:
    uses: dict[tuple[str, str], str] = {}
    for package in _packages():
        if package not in LEVEL:
            continue
        for path in _modules(package):
            for line, other in _imported_packages(path):
                if other != package and LEVEL.get(other) == LEVEL[package]:
                    uses.setdefault((package, other), _where(path, line))
    both_ways = [
        f"{a} <-> {b} ({uses[(a, b)]}, {uses[(b, a)]})"
        for (a, b) in uses
        if (b, a) in uses and a < b
    ]
    assert not both_ways, "\n".join(both_ways)


@pytest.mark.parametrize("package", [p for p in _packages() if p in LEVEL])
def test_models_name_no_model_of_a_package_above(package: str) -> None:
    above = []
    for path in _modules(package):
        if "migrations" in path.parts:
            continue  # they repeat the models
        for line, reference in _model_references(path):
            label = reference.split(".")[0]
            if label not in LEVEL or (package, reference) in KNOWN_MODEL_REFERENCES:
                continue
            if LEVEL[label] > LEVEL[package]:
                above.append(f"{_where(path, line)} names {reference}")
    assert not above, "\n".join(above)


def test_the_checks_see_imports_of_every_form() -> None:
    """The reader finds absolute, relative, ``from ipsp import x`` and nested imports."""
    source = (
        "import ipsp.core.markdown\n"
        "from ipsp import initiatives\n"
        "from ..search import queries\n"
        "from . import models\n"
        "import django.db\n"
        "def f():\n"
        "    from ipsp.reviews.models import Flag\n"
    )
    found = [other for _line, other in _imports(source, "ipsp.actors.sample")]
    assert found == ["core", "initiatives", "search", "actors", "reviews"]


def test_the_checks_see_model_references_by_name() -> None:
    source = (
        "class A(models.Model):\n"
        "    b = models.ForeignKey('initiatives.Initiative', on_delete=models.CASCADE)\n"
        "    c = models.ManyToManyField(to='taxonomy.Term')\n"
        "    d = models.CharField('a.B label')\n"
    )
    assert [ref for _line, ref in _model_references_in(source)] == [
        "initiatives.Initiative",
        "taxonomy.Term",
    ]


def test_the_known_exceptions_are_still_needed() -> None:
    """An exception that no longer happens is removed from the lists above."""
    imports = {
        (package, other)
        for package in _packages()
        for path in _modules(package)
        for _line, other in _imported_packages(path)
    }
    references = {
        (package, reference)
        for package in _packages()
        for path in _modules(package)
        if "migrations" not in path.parts
        for _line, reference in _model_references(path)
    }
    assert set(KNOWN_IMPORTS) <= imports
    assert set(KNOWN_MODEL_REFERENCES) <= references
