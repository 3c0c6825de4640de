"""Background work of level 1: retraining the classifier and the retention purge."""

from __future__ import annotations

from ipsp.core.tasks import retrying_task


@retrying_task()
def train_classifier() -> None:
    from ipsp.verification.services import classifier_train

    classifier_train()


@retrying_task()
def purge_expired() -> None:
    from ipsp.verification.services import purge_expired as purge

    purge()
