"""What services raise. Every refusal is a ``ValidationError`` keyed by the input field it is about,
so forms and serializers can put the message next to that field."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from expenses.rules import RuleError

# Names used by the rules package → the names of our form and API fields.
RULE_FIELDS = {
    "legs_km": "legs",
    "trip_date": "date",
    "date": "date",
    "return_": "return_at",
    "departure": "departure",
    "destination": "destination",
    "day_countries": "destination",
    "city": "city",
    "vehicle": "vehicle",
    "passengers": "passengers",
    "trailer": "trailer",
    "heavy_load": "heavy_load",
    "free_meals": "free_meals",
    "gross": "amount",
    "amount": "amount",
    "rate": "exchange_rate",
    "currency": "currency",
    "rate_source": "rate_source",
    "vat_rate": "vat_rate",
    "vat_percent": "vat_rate",
}


def field_error(field: str, message: object, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def from_rule_error(error: RuleError) -> ValidationError:
    field = RULE_FIELDS.get(error.field, NON_FIELD_ERRORS)
    return field_error(field, error.reason)


class StateConflict(ValidationError):
    """The expense is no longer in the state the caller saw: someone else changed it first."""

    def __init__(self, message: object = None) -> None:
        text = message or _("Someone else changed this expense at the same time. Reload the page and try again.")
        super().__init__({NON_FIELD_ERRORS: ValidationError(text, code="conflict")})
