"""Background work: retries with backoff around Django's Tasks API.

django-tasks has no retry of its own. ``retrying_task`` wraps a task function so
that a failure re-enqueues it later (attempt 1, 2, 4, 8... minutes apart) until
``TASK_MAX_ATTEMPTS``; the final failure stays in the task results, which staff
see in the admin (django_tasks_db) together with every earlier attempt.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ParamSpec

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

P = ParamSpec("P")
logger = logging.getLogger(__name__)


def backoff(attempt: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempt - 1), 60 * 6))


def retrying_task(
    *, queue_name: str = "default", max_attempts: int | None = None
) -> Callable[[Callable[..., None]], Task[..., None]]:
    """Decorate ``fn(*args, attempt=1)``; it must be idempotent, as retried tasks are."""

    def decorate(fn: Callable[..., None]) -> Task[..., None]:
        @functools.wraps(fn)
        def run(*args: Any, attempt: int = 1) -> None:
            limit = max_attempts or settings.TASK_MAX_ATTEMPTS
            try:
                fn(*args)
            except Exception:
                if attempt >= limit:
                    logger.exception(
                        "task %s failed for good after %s attempts", fn.__name__, attempt
                    )
                    raise
                logger.warning(
                    "task %s failed (attempt %s), retrying", fn.__name__, attempt, exc_info=True
                )
                later = wrapped
                if wrapped.get_backend().supports_defer:
                    later = wrapped.using(run_after=timezone.now() + backoff(attempt))
                later.enqueue(*args, attempt=attempt + 1)
                # the re-enqueued attempt carries on; this one failed and is recorded as such
                raise

        wrapped: Task[..., None] = task(queue_name=queue_name)(run)
        return wrapped

    return decorate


def enqueue_on_commit(task_obj: Task[..., Any], *args: Any) -> None:
    """Enqueue once the surrounding transaction commits (tasks take ids, not objects)."""
    transaction.on_commit(lambda: task_obj.enqueue(*args))


class _CommitBatch:
    """The keys noted for one task during one transaction; enqueued once it commits."""

    def __init__(self, task_obj: Task[..., Any]) -> None:
        self.task = task_obj
        self.keys: set[tuple[str, ...]] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        if self.keys:
            self.task.enqueue([list(key) for key in sorted(self.keys)])


def enqueue_batched_on_commit(task_obj: Task[..., Any], key: tuple[str, ...]) -> None:
    """Note ``key`` for ``task_obj``: once the current transaction commits, the task is
    enqueued once with every key noted during it (a sorted list of lists); nothing is
    enqueued if it rolls back. Outside a transaction it is enqueued at once.

    For listeners told of many changes in one transaction (an organisation published with
    its initiatives): one task for all, not one per change.
    """
    connection = transaction.get_connection()
    batch = None
    if connection.in_atomic_block:
        # The transaction's own callbacks (Django keeps them in ``run_on_commit`` and drops
        # them on rollback): a batch found there belongs to this transaction.
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _CommitBatch) and callback.task is task_obj:
                batch = callback if not callback.done else None
    if batch is not None:
        batch.keys.add(key)
        return
    batch = _CommitBatch(task_obj)
    batch.keys.add(key)
    transaction.on_commit(batch, robust=True)  # at once, outside a transaction
