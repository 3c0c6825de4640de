"""Demo data: one command, extended by every package.

A package that has demo data adds a module ``demo.py`` with::

    def generate(ctx: DemoContext) -> None: ...

``manage.py demo_data`` calls them in the order of INSTALLED_APPS, which follows
the dependency order of DESIGN.md (who and what first, directories after), so a
package may use what the packages before it created. Everything is drawn from
``ctx.rng``, so the same seed gives the same data.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO, TypeVar

from django.apps import apps
from django.core.management.base import OutputWrapper
from tqdm import tqdm

T = TypeVar("T")

SIZES: dict[str, dict[str, int]] = {
    "small": {"initiatives": 60, "actors": 25},
    "benchmark": {"initiatives": 100_000, "actors": 20_000},
}


@dataclass
class DemoContext:
    size: str
    seed: int
    stdout: TextIO | OutputWrapper
    show_progress: bool = True
    # Counts given on the command line (``--initiatives 1000000``) win over the size's.
    counts: dict[str, int] = field(default_factory=dict)
    rng: random.Random = field(init=False)
    # What packages hand to the ones after them (e.g. created users by role).
    shared: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def count(self, what: str) -> int:
        return self.counts.get(what, SIZES[self.size][what])

    def progress(
        self, iterable: Iterable[T], *, total: int | None = None, desc: str
    ) -> Iterator[T]:
        return iter(
            tqdm(iterable, total=total, desc=desc, file=self.stdout, disable=not self.show_progress)
        )


def generators() -> list[tuple[str, Callable[[DemoContext], None]]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ipsp.") or config.name == __name__.rpartition(".")[0]:
            continue  # not ours, or ipsp.core itself, whose demo.py is this framework
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        found.append((config.label, module.generate))
    return found
