"""Receipt previews as background work: queued after an upload commits, made once, asked for again if lost.

The Attachment row is the record of the work: preview_state says whether a preview is pending, ready or
impossible, preview_queued_at when a task was last sent. Every step is a conditional UPDATE on that row,
so a task delivered twice, two workers at once, or a page asking again while the task runs all end with
one preview and no stray files.
"""

import logging
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from expenses.models import Attachment
from expenses.models.attachment import PreviewState
from expenses.previews import PreviewImpossible, render_preview
from jobs.sending import send_on_commit

logger = logging.getLogger(__name__)

# A preview takes seconds; one still pending after this lost its task (a killed worker, a broker restart).
LOST_AFTER = timedelta(minutes=10)
# A file that makes the worker die every time (out of memory, a PDFium crash) is tried this often in all.
MAX_ATTEMPTS = 3
SWEEP_BATCH = 50


def queue_preview(*, attachment_id: int) -> None:
    """Send the preview task once the current transaction commits, so the task finds the row."""
    # Imported here: the task module calls this one.
    from expenses.tasks import make_attachment_preview

    send_on_commit(make_attachment_preview, attachment_id)


def make_preview(*, attachment_id: int) -> None:
    """Render and store the preview of a pending attachment. Safe to repeat: a finished one is left alone."""
    attachment = _pending(attachment_id).select_related("expense").first()
    if attachment is None:
        return
    try:
        with attachment.file.open("rb") as content:
            rendered = render_preview(content=content, content_type=attachment.content_type)
    except (PreviewImpossible, FileNotFoundError) as error:
        logger.info("no preview for attachment %s: %s", attachment_id, error)
        _pending(attachment_id).update(preview_state=PreviewState.FAILED)
        return
    storage = attachment.preview.storage
    stem = f"{attachment.expense.company_id}/previews/{uuid.uuid4().hex}"
    preview = storage.save(f"{stem}.{rendered.extension}", ContentFile(rendered.preview))
    thumbnail = storage.save(f"{stem}-thumb.{rendered.extension}", ContentFile(rendered.thumbnail))
    stored = _pending(attachment_id).update(preview_state=PreviewState.READY, preview=preview, thumbnail=thumbnail)
    if not stored:
        # Another worker finished first, or the attachment was removed meanwhile.
        storage.delete(preview)
        storage.delete(thumbnail)


def ask_for_preview_again(*, attachment: Attachment) -> bool:
    """Queue a pending preview again if its task looks lost; True if a task was sent. Safe to repeat."""
    lost = Q(preview_queued_at__isnull=True) | Q(preview_queued_at__lt=timezone.now() - LOST_AFTER)
    waiting = _pending(attachment.pk).filter(lost)
    if waiting.filter(preview_attempts__gte=MAX_ATTEMPTS).update(preview_state=PreviewState.FAILED):
        return False
    if not waiting.update(preview_queued_at=timezone.now(), preview_attempts=F("preview_attempts") + 1):
        return False
    queue_preview(attachment_id=attachment.pk)
    return True


def sweep_previews() -> int:
    """Queue again previews whose task was lost (the jobs sweeper, every minute); returns how many."""
    lost = Q(preview_queued_at__isnull=True) | Q(preview_queued_at__lt=timezone.now() - LOST_AFTER)
    waiting = Attachment.objects.filter(lost, preview_state=PreviewState.PENDING).order_by("id")[:SWEEP_BATCH]
    return sum(ask_for_preview_again(attachment=attachment) for attachment in waiting)


def _pending(attachment_id: int) -> QuerySet[Attachment]:
    return Attachment.objects.filter(pk=attachment_id, preview_state=PreviewState.PENDING)
