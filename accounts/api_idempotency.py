"""``Idempotency-Key`` on the API's creates: the same key and body answer what the first request answered.

Decorate a viewset's create action with ``@idempotent``, in any app: keys belong to the API user. Without the header the action runs as before.
The same key with the same request: the first answer again, with ``Idempotent-Replayed: true``.
The same key with another body, endpoint or company: 422. While the first is still running: 409.
"""

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_users import api_user
from accounts.services import idempotency
from accounts.services.idempotency import KeyInUse, KeyReused
from bezala.uploads import upload_sha256
from companies.api import api_membership

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Any unique text (e.g. a UUID), at most 255 characters: a retry with the same key and body gets "
    "the first answer instead of a second object, for 24 hours. Another body with the key: 422; while the first "
    "request is still running: 409.",
)

Action = Callable[..., Response]


class KeyReusedError(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


class KeyInUseError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_in_use"


def idempotent(action: Action) -> Action:
    """Wrap a DRF create action (POST only) in the Idempotency-Key protocol; other methods pass through."""

    @functools.wraps(action)
    def wrapper(view: Any, request: Request, *args: object, **kwargs: object) -> Response:
        key = _key(request) if request.method == "POST" else None
        if key is None:
            return action(view, request, *args, **kwargs)
        claim = _claim(request, key)
        if claim.replay is not None:
            status_code, body = claim.replay
            return Response(body, status=status_code, headers={REPLAYED_HEADER: "true"})
        assert claim.record is not None
        try:
            response = action(view, request, *args, **kwargs)
        except BaseException:
            idempotency.release_idempotency_key(record=claim.record)
            raise
        if status.is_success(response.status_code):
            idempotency.record_idempotent_answer(
                record=claim.record, status_code=response.status_code, body=_as_json(response.data)
            )
        else:
            idempotency.release_idempotency_key(record=claim.record)
        return response

    return wrapper


def _key(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key.strip() or len(key) > idempotency.MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        raise ValidationError({HEADER: [_("Use 1 to 255 printable ASCII characters, for example a UUID.")]})
    return key


def _claim(request: Request, key: str) -> idempotency.Claim:
    try:
        return idempotency.claim_idempotency_key(
            user=api_user(request),
            key=key,
            request_line=f"{request.method} {request.path}"[:300],
            fingerprint=_fingerprint(request),
        )
    except KeyReused as error:
        raise KeyReusedError(str(error.message)) from error
    except KeyInUse as error:
        raise KeyInUseError(str(error.message)) from error


def _fingerprint(request: Request) -> str:
    """A digest of what the request asks for: its parsed body (files by content) and the company it acts for."""
    content = {"company": api_membership(request).company_id, "body": _canonical(request.data)}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _canonical(data: Any) -> Any:
    if isinstance(data, QueryDict):
        return {name: [_canonical(value) for value in data.getlist(name)] for name in data}
    if isinstance(data, dict):
        return {str(name): _canonical(value) for name, value in data.items()}
    if isinstance(data, list):
        return [_canonical(value) for value in data]
    if isinstance(data, UploadedFile):
        return {"file": data.name, "size": data.size, "sha256": upload_sha256(data)}
    return data


def _as_json(data: Any) -> Any:
    # As the client received it (decimals as strings, times in ISO format), so a replay is byte for byte alike.
    return json.loads(JSONRenderer().render(data))
