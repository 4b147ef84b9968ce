"""Private storage for receipt files: under MEDIA_ROOT but with no public URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise ValueError("Receipt files have no public URL; serve them through the download view.")


def receipt_storage() -> PrivateStorage:
    # A callable, so tests that override MEDIA_ROOT get a storage in their own folder.
    return PrivateStorage(location=Path(settings.MEDIA_ROOT) / "private" / "receipts")
