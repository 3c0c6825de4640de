"""Which backend serves the search: chosen by the database vendor.

``SEARCH_BACKEND`` in the settings (a dotted path to a ``SearchBackend``
subclass) overrides the choice, for an external engine later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from ipsp.search.backends.base import SearchBackend

BACKENDS = {
    "sqlite": "ipsp.search.backends.sqlite.SqliteFts5Backend",
    "postgresql": "ipsp.search.backends.postgresql.PostgresBackend",
}


def get_backend() -> SearchBackend:
    path = getattr(settings, "SEARCH_BACKEND", "") or BACKENDS.get(connection.vendor)
    if not path:
        raise NotImplementedError(f"no search backend for the {connection.vendor} database")
    return import_string(path)()
