#!/usr/bin/env python3
"""Extract translatable strings: one catalogue per package, plus one for the shared layout.

Each package keeps its own ``locale/`` so packages stay independent; the shared
templates in ``ipsp/templates`` and the settings go to ``ipsp/locale``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["ar", "bn", "zh_Hans", "fr", "hi", "ja", "pt", "ru", "sw", "es"]


def makemessages(where: Path, ignore: list[str]) -> None:
    args = [
        sys.executable,
        str(ROOT / "manage.py"),
        "makemessages",
        "--no-obsolete",
        "--no-location",
    ]
    args += [f"--locale={language}" for language in LANGUAGES]
    args += [f"--ignore={pattern}" for pattern in ignore]
    (where / "locale").mkdir(exist_ok=True)
    subprocess.run(args, cwd=where, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def main(only: list[str]) -> None:
    """Every catalogue, or with package names (``actors``, ``ipsp`` for the layout) only those."""
    package_root = ROOT / "ipsp"
    packages = sorted(p for p in package_root.iterdir() if (p / "apps.py").exists())
    unknown = set(only) - {p.name for p in packages} - {"ipsp"}
    if unknown:
        sys.exit(f"unknown package(s): {', '.join(sorted(unknown))}")
    for package in packages:
        if not only or package.name in only:
            makemessages(package, ignore=["tests/*", "migrations/*"])
    if not only or "ipsp" in only:
        makemessages(package_root, ignore=[f"{p.name}/*" for p in packages] + ["static/*"])


if __name__ == "__main__":
    main(sys.argv[1:])
