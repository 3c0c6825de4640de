"""Demo data of reviews: the demo organisations are written in bulk, past the search
index, so the rising actors' table is filled from them here (after actors')."""

from __future__ import annotations

from ipsp.core.demo import DemoContext


def generate(ctx: DemoContext) -> None:
    from ipsp.reviews.facts import facts_rebuild, published_count

    total = published_count()
    bar = iter(ctx.progress(range(total), total=total, desc="rising facts"))

    def advance(count: int) -> None:
        for _step in range(count):
            next(bar, None)

    count = facts_rebuild(progress=advance)
    ctx.stdout.write(f"Rising actors' table: {count} organisations.\n")
