"""Private storage for receipt files: under MEDIA_ROOT but with no public URL, served only as downloads."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
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
