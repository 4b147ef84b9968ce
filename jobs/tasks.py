"""The periodic sweeper: takes over work whose worker died or whose task message was lost.

The broker is not trusted to deliver: the filesystem broker loses the message a killed worker
held, and a restarted Redis forgets its queue. Every job row is therefore its own record of
work to do, and this sweep (Celery beat, every minute) re-queues what nobody is working on.
"""

import logging

from celery import shared_task
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Each feature's sweep, a function without arguments that returns how many jobs it re-queued.
SWEEPERS = [
    "costcenters.services.fetching.sweep_fetches",
    "exports.services.lanes.sweep_exports",
    "companies.integration.connection_jobs.sweep_connection_jobs",
    "expenses.services.previews.sweep_previews",
]


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def sweep_background_work() -> None:
    for path in SWEEPERS:
        try:
            requeued = import_string(path)()
        except Exception:
            logger.exception("sweeper %s failed", path)
            continue
        if requeued:
            logger.info("sweeper %s re-queued %d jobs", path, requeued)
