"""Bounds on a request's body, applied before anything reads it.

Django reads a body only when a view (or CSRF's check) asks for it, and then all of it: a 300 MB upload
would be received and written to disk before the attachment service could say "larger than 10 MB".
``RequestSizeLimitMiddleware`` answers 413 from the Content-Length header alone, and
``BoundedFileUploadHandler`` stops keeping a file's bytes as soon as it passes the per-file limit.

The same middleware refuses a NUL character in the query string or path (400): PostgreSQL cannot hold
one in a text value, so a search for "a\x00b" would end in a database error. Form and JSON fields
already refuse it (Django's and DRF's CharField validators).
"""

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from expenses.services.attachments import MAX_BYTES

# Room for this many files at their limit in one request: a page's save may carry several receipts,
# and more of them can follow in another save (the API takes one file a request).
MAX_FILES_PER_REQUEST = 5
# The files at their limit, plus the form's own fields and the multipart framing.
MAX_UPLOAD_REQUEST_BYTES = MAX_FILES_PER_REQUEST * MAX_BYTES + 1024 * 1024


def body_limit(request: HttpRequest) -> int:
    """The largest body this request may carry: file uploads get room for their files, anything else
    only Django's limit on form and JSON data."""
    if request.content_type == "multipart/form-data":
        return MAX_UPLOAD_REQUEST_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestSizeLimitMiddleware:
    """413 for a body declared larger than ``body_limit``, before any byte of it is read.

    It must come before every middleware that reads the body (CSRF reads the form's token).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = _content_length(request)
        limit = body_limit(request)
        if declared > limit:
            return _too_large(request, limit)
        if _holds_nul(request):
            return _refused(request, _("Text in the address may not contain NUL characters."), status=400)
        return self.get_response(request)


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


def _content_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        # Django itself reads such a body as empty.
        return 0


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    megabytes = max(1, limit // (1024 * 1024))
    message = _(
        "The request is larger than %(megabytes)d MB. Each file may be at most 10 MB; send fewer files at a time."
    ) % {"megabytes": megabytes}
    return _refused(request, message, status=413)


def _refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


if TYPE_CHECKING:
    # Generic only in django-stubs: Django's UploadedFile cannot be subscripted at run time.
    _UploadedBytes = UploadedFile[bytes]
else:
    _UploadedBytes = UploadedFile


class OversizedUpload(_UploadedBytes):
    """A file that passed the per-file limit: its size as received, none of its content."""

    def __init__(self, *, name: str, content_type: str, size: int) -> None:
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class BoundedFileUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes a file's bytes on to Django's handlers until the file passes
    ``MAX_BYTES``, then keeps none of it and hands over an ``OversizedUpload`` instead.

    The parser still reads past the rest of that file (the request-size limit bounds how much), so the
    form's other fields and files arrive and the page can say which file was too large.
    """

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.oversized = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > MAX_BYTES:
            # None: the handlers after this one get no more of the file.
            self.oversized = True
            return None
        return raw_data

    def file_complete(self, file_size: int) -> _UploadedBytes | None:
        if not self.oversized:
            return None  # the next handler has the whole file
        return OversizedUpload(name=self.file_name or "", content_type=self.content_type or "", size=file_size)
