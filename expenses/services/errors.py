"""What the expense services raise: a ``bezala.refusals.Refusal`` keyed by the input field it is about, so
pages and the API put the message next to that field, or a ``StateConflict``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from bezala.refusals import Conflict, Refusal
from expenses.rules import RuleError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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


# What a person is told for a rule's refusal, by our field name. The rules' own reasons are written for
# developers ("leg 1: must be over 0 km … (got -5)") and in English, so they never reach a page as such.
RULE_MESSAGES = {
    "legs": _("Enter each leg's kilometres: more than 0 and at most 5 000 km, with at most two decimals."),
    "date": _("No official rate is known for this date yet; check the date."),
    "return_at": _("Check the return time: it must be after the departure, and a trip lasts at most 365 days."),
    "departure": _("Check the departure time."),
    "destination": _("Choose the country of each travel day abroad."),
    "city": _("Check the city: it must be one the country's rate lists, or left empty."),
    "vehicle": _("Choose a car or a motorcycle."),
    "passengers": _("Enter 0 to 8 extra passengers."),
    "trailer": _("The increase for a trailer applies to a car only."),
    "heavy_load": _("The increase for a heavy load applies to a car only."),
    "free_meals": _("Enter 0 to 3 free meals for each travel day of the trip."),
    "amount": _("Enter an amount above zero with at most two decimals."),
    "exchange_rate": _("Enter the exchange rate as units of the currency per 1 €, above zero."),
    "currency": _("Use a three-letter currency code such as EUR or SEK."),
    "rate_source": _("Say where the exchange rate comes from."),
    # No "vat_rate": a line's VAT rate is checked in one place only, ``calculation._check_line``, whose
    # message names the rate and the date.
}


def field_error(field: str, message: StrOrPromise, code: str = "invalid") -> Refusal:
    return Refusal(field, message, code)


def from_rule_error(error: RuleError) -> Refusal:
    field = RULE_FIELDS.get(error.field, NON_FIELD_ERRORS)
    return field_error(field, RULE_MESSAGES.get(field, _("Check the values entered.")), code="rule")


class StateConflict(Conflict):
    """The expense is no longer in the state the caller saw: someone else changed it first."""

    def __init__(self, message: StrOrPromise | None = None) -> None:
        super().__init__(
            message or _("Someone else changed this expense at the same time. Reload the page and try again.")
        )
