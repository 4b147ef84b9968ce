"""Receipt files: the content is sniffed, never trusted from the name or the browser's content type."""

import hashlib
import uuid
import warnings
from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pillow_heif import register_heif_opener

from accounts.models import User
from audit.services import record_audit
from expenses.models import Attachment, Expense, State
from expenses.services.duplicates import refresh_duplicate_flag
from expenses.services.errors import StateConflict, field_error

register_heif_opener()

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/heic": "heic",
    "image/heif": "heic",
    "application/pdf": "pdf",
}
PILLOW_FORMATS = {"image/jpeg": {"JPEG", "MPO"}, "image/png": {"PNG"}, "image/heic": {"HEIF"}, "image/heif": {"HEIF"}}
# Pillow's own bomb limit (about 89 million pixels) is the ceiling for a phone photo of a receipt.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str
    sha256: str
    size: int


def inspect_upload(upload: UploadedFile) -> Sniffed:
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
    return Sniffed(kind.mime, EXTENSIONS[kind.mime], _sha256(upload), upload.size)


def _check_pdf(upload: UploadedFile) -> None:
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, upload.size - 2048))
    tail = upload.read()
    if not head.startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise field_error("file", _("The file is not a valid PDF."))


def _check_image(upload: UploadedFile, mime: str) -> None:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                image_format = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise field_error("file", _("The image is too large to be a receipt.")) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise field_error("file", _("The image file is damaged.")) from error
    if image_format not in PILLOW_FORMATS[mime] or width * height > MAX_PIXELS:
        raise field_error("file", _("The image file is damaged."))


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def add_attachment(*, expense: Expense, actor: User, upload: UploadedFile) -> Attachment:
    """Store a receipt file privately and flag duplicates. Owner only, while the expense is editable."""
    _check_may_change(expense, actor)
    sniffed = inspect_upload(upload)
    name = f"{expense.company_id}/{uuid.uuid4().hex}.{sniffed.extension}"
    attachment = Attachment(
        expense=expense,
        original_name=_clean_name(upload.name or "", sniffed.extension),
        content_type=sniffed.content_type,
        size=sniffed.size,
        sha256=sniffed.sha256,
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            if not Expense.objects.filter(pk=expense.pk, state__in=(State.DRAFT, State.REJECTED)).exists():
                raise StateConflict()
            attachment.save()
            refresh_duplicate_flag(expense)
            record_audit(action="expense.attachment_added", actor=actor, company=expense.company, obj=attachment)
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
    transaction.on_commit(lambda: attachment.file.delete(save=False))


def _check_may_change(expense: Expense, actor: User) -> None:
    if expense.owner_id != actor.pk:
        raise field_error("file", _("Only the person who made the expense can change its attachments."))
    if expense.state not in (State.DRAFT, State.REJECTED):
        raise field_error("file", _("Attachments can be changed only on drafts and rejected expenses."))


def _clean_name(name: str, extension: str) -> str:
    """Keep a readable base name for the download, but always with the extension of the real content."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    safe = "".join(ch for ch in base if ch.isalnum() or ch in " -_()")[:100].strip() or "receipt"
    return f"{safe}.{extension}"
