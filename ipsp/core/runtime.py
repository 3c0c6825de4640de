"""What a web process does once its application is loaded, before it serves requests.

``ipsp.wsgi`` and ``ipsp.asgi`` call ``after_start_up()``; so does bench/pages.py, so
the page benchmarks measure what production runs (docs/decisions.md, "Garbage
collection after start-up").
"""

from __future__ import annotations

import gc


def after_start_up() -> None:
    """Move everything loaded at start-up (Django, the apps, URL patterns, settings,
    translations) out of the garbage collector's sight: a full collection then scans only
    what requests allocate, not the ~10^5-10^6 objects that live as long as the process.

    Those objects are never freed anyway; ``gc.collect()`` first, so nothing already
    unreachable is frozen with them. In a pre-forking server (gunicorn --preload) this also
    keeps the collector from writing to the pages the workers share with the parent."""
    gc.collect()
    gc.freeze()
