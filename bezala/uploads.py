"""What several apps need to know of an uploaded file."""

import hashlib

from django.core.files.uploadedfile import UploadedFile


def upload_sha256(upload: "UploadedFile[bytes]") -> str:
    """The SHA-256 of an upload's content, read in chunks; the file is left at its start."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
