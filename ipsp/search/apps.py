from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "ipsp.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from ipsp.search.backends.sqlite import register_functions
        from ipsp.search.registry import register_index_listener
        from ipsp.search.related import entry_index_changed

        post_migrate.connect(_text_table_follows_entries, sender=self)
        # SQLite: the full-text table reads its text through an SQL function of ours
        connection_created.connect(register_functions, dispatch_uid="search_text_unpack")
        for opened in connections.all(initialized_only=True):
            register_functions(connection=opened)
        # each entry's kept related entries follow it (``related.related_follow``)
        register_index_listener("search-related", entry_index_changed)


def _text_table_follows_entries(using: str = "default", **kwargs: Any) -> None:
    """The full-text table is not a Django model, so ``flush`` (run after every
    transactional test, and by ``manage.py flush``) empties the entries but not it.
    Flush emits post_migrate: when no entry is left, the text rows go too, so a
    reused entry id never meets a stale text row."""
    from django.db import connections

    from ipsp.search.backends import get_backend
    from ipsp.search.backends.base import SqlSearchBackend
    from ipsp.search.models import SearchEntry

    connection = connections[using]
    if SearchEntry._meta.db_table not in connection.introspection.table_names():
        return  # migrated only part of the way (``migrate <app> <migration>``)
    if SearchEntry.objects.using(using).exists():
        return
    backend = get_backend()
    if not isinstance(backend, SqlSearchBackend):
        return
    with connection.cursor() as cursor:
        backend._text_delete_all(cursor, None)
