"""Service refusals as API errors: field errors → 400, someone else's change → 409."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from expenses.services.errors import StateConflict

T = TypeVar("T")


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else changed this expense at the same time."
    default_code = "conflict"


def call_service(action: Callable[[], T]) -> T:
    try:
        return action()
    except StateConflict as error:
        raise Conflict(" ".join(error.messages)) from error
    except DjangoValidationError as error:
        detail = {
            ("non_field_errors" if key == NON_FIELD_ERRORS else key): value for key, value in error.message_dict.items()
        }
        raise ValidationError(detail) from error
