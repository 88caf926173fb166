"""The Celery app of the distributed mode (`celery -A playground worker`)."""

from __future__ import annotations

import gc
import logging
import os

from celery import Celery, signals

from engine.catalog import CATALOG

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

app = Celery("playground")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["playground.terminal"])


@signals.after_setup_logger.connect
def quiet_per_task_logs(**_kwargs: object) -> None:
    # Two INFO lines per command ("received", "succeeded") cost time and say nothing useful.
    for name in ("celery.app.trace", "celery.worker.strategy"):
        logging.getLogger(name).setLevel(logging.WARNING)


@signals.worker_ready.connect  # the solo pool runs tasks in this very process
@signals.worker_process_init.connect  # a prefork child
def freeze_startup_objects(**_kwargs: object) -> None:
    # Django, Celery and the engine's catalog are loaded for good: keeping them out of the
    # collector's full passes takes tens of milliseconds off the commands those passes land on.
    CATALOG.preload()
    gc.collect()
    gc.freeze()
