"""A progress bar for management commands that work through many rows.

with command_progress(self, total=count, unit="entries", desc="Indexing",
                      disabled=no_progress) as bar:
    rebuild(progress=bar.update)
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm


def command_progress(
    command: BaseCommand, *, total: int | None, unit: str, desc: str, disabled: bool
) -> tqdm:
    """A tqdm bar on the command's error stream (the raw one: tqdm redraws with \\r)."""
    return tqdm(
        total=total,
        unit=unit,
        desc=desc,
        disable=disabled,
        file=getattr(command.stderr, "_out", sys.stderr),
    )
