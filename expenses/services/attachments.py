"""Receipt files: the content is sniffed, never trusted from the name or the browser's content type."""

from __future__ import annotations

import re
import uuid
import warnings
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pillow_heif import register_heif_opener

from accounts.models import User
from audit.services import record_audit
from bezala.uploads import upload_sha256
from expenses.models import Attachment, Expense, State
from expenses.services.duplicates import refresh_duplicate_flag
from expenses.services.errors import StateConflict, field_error

register_heif_opener()

MAX_BYTES = 10 * 1024 * 1024
# Each attachment is checked, stored, hashed and sent to Netvisor with the voucher: a bound on the work
# one expense can cause. A receipt with more pages than this belongs in one PDF.
MAX_ATTACHMENTS = 20
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/heic": "heic",
    "image/heif": "heic",
    "application/pdf": "pdf",
}
PILLOW_FORMATS = {"image/jpeg": {"JPEG", "MPO"}, "image/png": {"PNG"}, "image/heic": {"HEIF"}, "image/heif": {"HEIF"}}
# A 48-megapixel phone photo (8064 × 6048) passes; an 81-megapixel PNG of a few kilobytes, which would take
# a quarter of a gigabyte to decode, does not. Checked from the header, before anything is decoded.
MAX_PIXELS = 50_000_000
# Tags that make a browser (or a mail client) treat bytes as a web page. A PDF never contains them as
# such; HTML behind a "%PDF-" header does, to be rendered if the file is ever served inline.
HTML_MARKERS = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|object|embed|svg|meta)[\s>/]", re.I)
# Large enough to hold any marker whole when the file is read in pieces.
MARKER_OVERLAP = 64


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str
    sha256: str
    size: int


def inspect_upload(upload: UploadedFile[bytes]) -> Sniffed:
    """Check size and content; raises ValidationError on "file" with a message a person understands."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise field_error("file", _("The file is larger than 10 MB."))
    if upload.size == 0:
        raise field_error("file", _("The file is empty."))
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    if kind is None or kind.mime not in EXTENSIONS:
        raise field_error("file", _("Only JPEG, PNG, HEIC and PDF files are accepted."))
    if kind.mime == "application/pdf":
        _check_pdf(upload)
    else:
        _check_image(upload, kind.mime)
    return Sniffed(kind.mime, EXTENSIONS[kind.mime], upload_sha256(upload), upload.size)


def _check_pdf(upload: UploadedFile[bytes]) -> None:
    """A PDF has its header, its cross-reference pointer and end marker, and no web page inside."""
    assert upload.size is not None  # inspect_upload refused a file of unknown size
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, upload.size - 2048))
    tail = upload.read()
    well_formed = re.match(rb"%PDF-\d\.\d", head) is not None and b"startxref" in tail and b"%%EOF" in tail
    if not well_formed or _contains_html(upload):
        raise field_error("file", _("The file is not a valid PDF."))


def _contains_html(upload: UploadedFile[bytes]) -> bool:
    upload.seek(0)
    carried = b""
    for chunk in upload.chunks():
        window = carried + chunk
        if HTML_MARKERS.search(window):
            return True
        carried = window[-MARKER_OVERLAP:]
    return False


def _check_image(upload: UploadedFile[bytes], mime: str) -> None:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                # Image.open reads only the header: the size is known before any pixel is decoded.
                _check_pixels(*image.size)
                image_format = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise field_error("file", _("The image file is damaged.")) from error
    if image_format not in PILLOW_FORMATS[mime]:
        raise field_error("file", _("The image file is damaged."))


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels() -> ValidationError:
    return field_error(
        "file",
        _("The image has more than %(megapixels)d megapixels. Save it at a smaller size and try again.")
        % {"megapixels": MAX_PIXELS // 1_000_000},
    )


def add_attachment(*, expense: Expense, actor: User, upload: UploadedFile[bytes]) -> Attachment:
    """Store a receipt file privately and flag duplicates. Owner only, while the expense is editable."""
    _check_may_change(expense, actor)
    _check_room_for_attachment(expense)
    sniffed = inspect_upload(upload)
    name = f"{expense.company_id}/{uuid.uuid4().hex}.{sniffed.extension}"
    attachment = Attachment(
        expense=expense,
        original_name=_clean_name(upload.name or "", sniffed.extension),
        content_type=sniffed.content_type,
        size=sniffed.size,
        sha256=sniffed.sha256,
        uploaded_by=actor,
        preview_queued_at=timezone.now(),
        preview_attempts=1,
    )
    attachment.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            if not Expense.objects.filter(pk=expense.pk, state__in=(State.DRAFT, State.REJECTED)).exists():
                raise StateConflict()
            _check_room_for_attachment(expense)
            attachment.save()
            refresh_duplicate_flag(expense)
            record_audit(action="expense.attachment_added", actor=actor, company=expense.company, obj=attachment)
            _queue_preview(attachment)
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def delete_attachment(*, attachment: Attachment, actor: User) -> None:
    expense = attachment.expense
    _check_may_change(expense, actor)
    with transaction.atomic():
        record_audit(action="expense.attachment_deleted", actor=actor, company=expense.company, obj=attachment)
        attachment.delete()
        refresh_duplicate_flag(expense)
    transaction.on_commit(lambda: _delete_files(attachment))


def _delete_files(attachment: Attachment) -> None:
    for field in (attachment.file, attachment.preview, attachment.thumbnail):
        if field:
            field.delete(save=False)


def _queue_preview(attachment: Attachment) -> None:
    # Imported here: making a preview reads this module's limits on what a receipt file may be.
    from expenses.services.previews import queue_preview

    queue_preview(attachment_id=attachment.pk)


def _check_may_change(expense: Expense, actor: User) -> None:
    if expense.owner_id != actor.pk:
        raise field_error("file", _("Only the person who made the expense can change its attachments."))
    if expense.state not in (State.DRAFT, State.REJECTED):
        raise field_error("file", _("Attachments can be changed only on drafts and rejected expenses."))


def _check_room_for_attachment(expense: Expense) -> None:
    if Attachment.objects.filter(expense=expense).count() >= MAX_ATTACHMENTS:
        raise field_error(
            "file",
            _("An expense can have at most %(count)d attachments. Combine the pages into one PDF.")
            % {"count": MAX_ATTACHMENTS},
        )


def _clean_name(name: str, extension: str) -> str:
    """Keep a readable base name for the download, but always with the extension of the real content."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    safe = "".join(ch for ch in base if ch.isalnum() or ch in " -_()")[:100].strip() or "receipt"
    return f"{safe}.{extension}"
