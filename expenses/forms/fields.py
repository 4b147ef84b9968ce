"""Form fields for what Finnish users type: amounts and kilometres with a decimal comma, dates as d.m.yyyy.

The browser must not reinterpret what is typed: an ``<input type="number">`` in an English browser reads
``12,90`` as 1290, so amounts are plain text inputs (with the numeric keyboard on phones) parsed here by
:func:`expenses.rules.typed_numbers.parse_typed_decimal`. Dates are ``<input type="date">``, whose value
is always ISO 8601 whatever the page's language, so the widget writes ISO and not the locale's format.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from expenses.rules.typed_numbers import Problem, TypedNumberError, parse_typed_decimal

NUMBER_MESSAGES = {
    Problem.AMBIGUOUS: _(
        "Use either a comma or a point for the decimals, not both, and a space between thousands "
        "(for example 1 234,50)."
    ),
    Problem.NOT_A_NUMBER: _("Enter a number, for example 12,90."),
}


class TypedDecimalField(forms.DecimalField):
    """A ``DecimalField`` that reads ``12,90``, ``12.90`` and ``1 234,50`` alike and refuses ``1,234.50``.

    The value is shown in the active language's format (``12,90`` in Finnish), which reads back unchanged.
    """

    widget = forms.TextInput

    default_error_messages = {
        "max_decimal_places": _("Use at most %(max)s decimals; leave a space between thousands (1 234,50)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # Not the parent's: its step/min/max attributes belong to a number input.
        return {"inputmode": "decimal", "autocomplete": "off"}

    # The stubs derive DecimalField from IntegerField (to_python -> int | None), and ignore the same line themselves.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_typed_decimal(str(value))
        except TypedNumberError as error:
            raise ValidationError(NUMBER_MESSAGES.get(error.problem, NUMBER_MESSAGES[Problem.NOT_A_NUMBER])) from error
        if not number.is_finite():
            raise ValidationError(NUMBER_MESSAGES[Problem.NOT_A_NUMBER])
        return number


class IsoDateInput(forms.DateInput):
    """``<input type="date">``: its value must be ISO (``2026-12-03``) in every language, or the browser
    shows the field empty; the browser itself displays the date in the user's format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date from the date picker (ISO) or typed by hand as d.m.yyyy or ISO, in either language."""

    widget = IsoDateInput
    input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
