"""Background work of expenses: thin, ids in, one service call each."""

from celery import shared_task

from expenses.services.previews import make_preview


# No automatic retry: a file that cannot be pictured is marked so at once, and a lost or killed task is
# queued again by the sweeper or by the next person who asks for the preview (at most a few times).
# The time limit bounds a PDF page whose drawing would never end.
@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def make_attachment_preview(attachment_id: int) -> None:
    """Make the preview and thumbnail of one receipt file; a finished or removed one is left alone."""
    make_preview(attachment_id=attachment_id)
