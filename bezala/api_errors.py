"""The API's one exception handler: a service's refusal answers as the page shows it.

A ``Conflict`` (someone else changed the object first) → 409 ``{"detail": text}``. Any other Django
``ValidationError`` (a ``Refusal`` or a model's own check) → 400 ``{field: [text, ...]}``, the form-wide
errors under ``non_field_errors`` as DRF names them. So a view calls its service directly, without a wrapper.
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from bezala.refusals import Conflict


class ConflictError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else changed this at the same time. Reload it and try again.")
    default_code = "conflict"


def handle_api_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER``: refusals become 400/409 answers, the rest goes to DRF's own handler."""
    if isinstance(exc, Conflict):
        exc = ConflictError(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(_as_detail(exc))
    return exception_handler(exc, context)


def _as_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        # Not keyed by field (a model's own check, a validator): it is about the request as a whole.
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): messages
        for key, messages in error.message_dict.items()
    }
