"""Background work of cost centers: thin, ids in, one service call each."""

import logging

from celery import shared_task

from costcenters.services import fetching

logger = logging.getLogger(__name__)


# No automatic retry: a fetch that failed says why on the page, and the next press or the next
# morning's sync reads everything again (reads are safe to repeat).
@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def fetch_cost_centers(fetch_id: int) -> None:
    """Run one queued fetch; a fetch claimed by another worker is left alone."""
    fetching.run_fetch(fetch_id=fetch_id)


@shared_task(acks_late=True)
def sync_cost_centers_daily() -> None:
    """Weekday-morning sync (Celery beat): a fetch for every connected company.

    A company whose credentials expired gets a paused fetch that resumes after an admin's
    Update; companies without a connection are skipped.
    """
    queued, paused = fetching.sync_all_companies()
    logger.info("daily cost center sync: %d queued, %d paused", queued, paused)
