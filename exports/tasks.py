"""Background work of the export: thin, ids in, one service call each.

Late acknowledgement is safe here: a redelivered drain only tries to claim the lane, and the
lane and row claims make a second run of the same work a no-op.
"""

import logging

from celery import shared_task

from exports.services import digest, lanes, queueing

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def drain_exports(company_id: int) -> None:
    """Work one batch of a company's vouchers and payments, if no other worker is on it."""
    lanes.drain(company_id=company_id)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def export_daily() -> None:
    """Weekday mornings (Celery beat): queue the approved expenses of companies that export daily."""
    logger.info("daily export: %d expenses queued", queueing.queue_daily())


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5)
def send_attention_digests() -> None:
    """Every ten minutes (Celery beat): one e-mail per company whose exports started needing attention."""
    digest.send_attention_digests()
