"""Serializer fields that read numbers as people and their tools write them (see ``rules.typed_numbers``)."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from expenses.forms.fields import NUMBER_MESSAGES
from expenses.rules.typed_numbers import Problem, TypedNumberError, parse_typed_decimal


class TypedDecimalField(serializers.DecimalField):
    """A JSON number, or a string such as ``"12,90"``, ``"12.90"`` or ``"1 234,50"``; ``"1,234.50"`` is refused."""

    default_error_messages = {
        "max_decimal_places": _("Use at most {max_decimal_places} decimals; leave a space between thousands."),
    }

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, str) and data.strip():
            try:
                data = str(parse_typed_decimal(data))
            except TypedNumberError as error:
                message = NUMBER_MESSAGES.get(error.problem, NUMBER_MESSAGES[Problem.NOT_A_NUMBER])
                raise serializers.ValidationError(str(message), code=str(error.problem)) from error
        return super().to_internal_value(data)
