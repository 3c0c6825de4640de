"""The labelled corpus the project ships (built by corpus/build.py; see docs/verification.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = ("train", "heldout")


@dataclass(frozen=True)
class CorpusItem:
    id: str
    split: str
    label: str  # ham or spam
    kind: str  # legitimate, seo, scam, ad, gibberish or flood
    language: str
    title: str
    organisation: str
    country: str
    body: str
    links: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.title, self.organisation, self.body) if part)


def load(split: str) -> list[CorpusItem]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    items = []
    with (HERE / f"{split}.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                data = json.loads(line)
                data["links"] = tuple(data.get("links", ()))
                items.append(CorpusItem(**data))
    return items
