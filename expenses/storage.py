"""Private storage for receipt files: under MEDIA_ROOT but with no public URL, served only as downloads."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

if TYPE_CHECKING:
    from expenses.models import Attachment


class PrivateStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise ValueError("Receipt files have no public URL; serve them through the download view.")


def receipt_storage() -> PrivateStorage:
    # A callable, so tests that override MEDIA_ROOT get a storage in their own folder.
    return PrivateStorage(location=Path(settings.MEDIA_ROOT) / "private" / "receipts")


def download_response(attachment: Attachment) -> FileResponse:
    """The file as a download, for the page and the API alike; the caller has checked who may see it.

    An uploaded file is someone's bytes: never rendered inline, never sniffed into HTML, never cached shared.
    """
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


PREVIEW_TYPES = {"webp": "image/webp", "png": "image/png"}


def preview_response(image: FieldFile) -> FileResponse:
    """A preview or thumbnail we rendered ourselves, shown inline; the caller has checked who may see it.

    Its type comes from our own file name, never from the upload; the download's sandbox policy stays on
    in case the image is opened on its own. A receipt's picture may be kept for a while, only by the browser.
    """
    extension = str(image.name).rsplit(".", 1)[-1]
    response = FileResponse(image.open("rb"), content_type=PREVIEW_TYPES[extension])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
