"""Turn typed input into the amounts that are stored: lines, euro amounts and explanations.

Pure reads: nothing here writes. The same functions back the live preview, so what a user sees
while typing is exactly what is saved.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from companies.models import Company
from costcenters.models import CostCenter
from expenses.ecb import EcbRate, RateUnavailable, ecb_rate
from expenses.models import ForeignPerDiemRate, PurchaseType, VatClass
from expenses.rules import (
    ConvertedAmount,
    DayRateMissing,
    EnteredRate,
    MealAllowanceResult,
    PerDiemResult,
    RuleError,
    allocate,
    calculate_meal_allowance,
    calculate_mileage,
    calculate_per_diem,
    convert_to_eur,
    is_valid_rate,
    split_gross,
    wording,
)
from expenses.rules.countries import country_name
from expenses.rules.vat import class_percent
from expenses.services.errors import field_error, from_rule_error
from expenses.services.inputs import LineInput, MileageInput, PerDiemInput, ReceiptInput

MAX_AMOUNT_EUR = Decimal("1000000.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ComputedLine:
    amount: Decimal
    amount_eur: Decimal
    vat_rate: Decimal
    vat_amount: Decimal
    net_amount: Decimal
    purchase_type: PurchaseType | None = None
    cost_center: CostCenter | None = None
    description: str = ""


@dataclass(frozen=True)
class Computed:
    amount: Decimal
    amount_eur: Decimal
    lines: tuple[ComputedLine, ...]
    explanation: tuple[str, ...] = ()
    exchange_rate: Decimal = Decimal(1)
    rate_source: str = ""
    rate_date: date | None = None
    # The explanation as language-neutral JSON (``rules.wording``): what is stored, so each reader sees
    # it in their own language; ``explanation`` is the same rendered in the language active now.
    phrases: tuple[dict[str, Any], ...] = ()
    # The rate was typed by the person (``rate_source`` is then their note), not fetched by this service.
    rate_typed: bool = False


def check_amount(value: Decimal, field: str = "amount") -> Decimal:
    """A positive amount with at most two decimals, at most 1,000,000."""
    if not value.is_finite() or value <= 0:
        raise field_error(field, _("Enter an amount above zero."))
    if value != value.quantize(CENT):
        raise field_error(field, _("Use at most two decimals."))
    if value > MAX_AMOUNT_EUR:
        raise field_error(field, _("The amount is over 1,000,000; check it."))
    return value.quantize(CENT)


def compute_receipt(data: ReceiptInput) -> Computed:
    """Raises ValidationError keyed by field (lines as ``lines.<index>.<field>``)."""
    amount = check_amount(data.amount)
    converted = _convert(data, amount)
    if converted.eur > MAX_AMOUNT_EUR:
        raise field_error("amount", _("The amount is over 1,000,000 € in euros; check it."))
    data = _with_default_rates(data)
    _check_lines(data)
    shares = allocate(converted.eur, [line.amount for line in data.lines])
    lines = tuple(_receipt_line(line, eur) for line, eur in zip(data.lines, shares, strict=True))
    typed = converted.currency != "EUR" and data.exchange_rate is not None
    source = _typed_rate_label(data) if typed else wording.phrase(converted.rate_source)
    phrases = () if converted.currency == "EUR" else (_conversion_phrase(converted, source),)
    return Computed(
        amount,
        converted.eur,
        lines,
        _rendered(phrases),
        converted.rate,
        data.rate_source.strip() if typed else converted.rate_source,
        converted.rate_date,
        tuple(wording.to_json(item) for item in phrases),
        rate_typed=typed,
    )


def _convert(data: ReceiptInput, amount: Decimal) -> ConvertedAmount:
    currency = (data.currency or "EUR").strip().upper()
    if currency == "EUR":
        rate, source, rate_date = Decimal(1), "EUR", data.date
    elif data.exchange_rate is None:
        found = data.fetched_rate or _fetched_rate(currency, data.date)
        rate, source, rate_date = found.rate, found.source, found.rate_date
    else:
        rate, source = data.exchange_rate, wording.render(_typed_rate_label(data))
        rate_date = data.rate_date or data.date
    if rate <= 0:
        raise field_error("exchange_rate", _("Enter the exchange rate (units of the currency per 1 €)."))
    try:
        return convert_to_eur(amount, currency, rate, rate_date, source)
    except RuleError as error:
        raise from_rule_error(error) from error


def _typed_rate_label(data: ReceiptInput) -> wording.Phrase:
    """A typed rate is labelled as entered by its user, whatever the note says: only a rate this service
    fetched carries the ECB's name by itself."""
    return wording.entered_by(data.entered_by or "?", data.rate_source.strip())


def resolve_exchange_rate(data: ReceiptInput) -> ReceiptInput:
    """``data`` with the ECB rate it needs already fetched; call it before opening a transaction.

    Raises ValidationError on "exchange_rate" when the ECB cannot be reached.
    """
    currency = (data.currency or "EUR").strip().upper()
    if currency == "EUR" or data.exchange_rate is not None or data.fetched_rate is not None:
        return data
    return replace(data, fetched_rate=_fetched_rate(currency, data.date))


def _fetched_rate(currency: str, day: date) -> EcbRate:
    try:
        return ecb_rate(currency, day)
    except RateUnavailable as error:
        message = _(
            "The ECB reference rate of %(currency)s for that day could not be fetched: enter the exchange rate "
            "(units of %(currency)s per 1 €)."
        )
        raise field_error("exchange_rate", message % {"currency": currency}) from error


def _conversion_phrase(converted: ConvertedAmount, source: wording.Phrase) -> wording.Phrase:
    return wording.phrase(
        gettext_noop("%(amount)s %(currency)s / %(rate)s (%(source)s, %(date)s) = %(eur)s"),
        amount=wording.Number(converted.amount),
        currency=converted.currency,
        rate=wording.Number(converted.rate.normalize()),
        source=source,
        date=wording.Day(converted.rate_date),
        eur=wording.Money(converted.eur),
    )


def _with_default_rates(data: ReceiptInput) -> ReceiptInput:
    """Give each line without a VAT rate the percent of its purchase type's class on the receipt's date."""
    lines = tuple(
        line if line.vat_rate is not None else replace(line, vat_rate=_default_rate(line, data.date))
        for line in data.lines
    )
    return replace(data, lines=lines)


def _default_rate(line: LineInput, day: date) -> Decimal:
    vat_class = line.purchase_type.vat_class if line.purchase_type is not None else VatClass.GENERAL
    return class_percent(vat_class, day)


def _check_lines(data: ReceiptInput) -> None:
    if not data.lines:
        raise field_error("lines", _("Add at least one line."))
    for index, line in enumerate(data.lines):
        _check_line(data, index, line)
    total = sum((line.amount for line in data.lines), Decimal(0))
    if total != data.amount:
        message = _("The lines add up to %(lines)s but the receipt total is %(total)s.")
        raise field_error("lines", message % {"lines": total, "total": data.amount})


def _check_line(data: ReceiptInput, index: int, line: LineInput) -> None:
    prefix = f"lines.{index}."
    check_amount(line.amount, prefix + "amount")
    # The one check of a VAT rate, pages and API alike; its message names the rate and the date.
    rate = _rate_of(line)
    if not is_valid_rate(rate, data.date):
        message = _("%(rate)s %% is not a VAT rate in force on %(date)s.")
        raise field_error(prefix + "vat_rate", message % {"rate": rate, "date": data.date})


def _rate_of(line: LineInput) -> Decimal:
    # Set on every line by _with_default_rates, which runs before the lines are checked or computed.
    assert line.vat_rate is not None
    return line.vat_rate


def _receipt_line(line: LineInput, eur: Decimal) -> ComputedLine:
    rate = _rate_of(line)
    split = split_gross(eur, rate)
    return ComputedLine(
        amount=line.amount,
        amount_eur=eur,
        vat_rate=rate,
        vat_amount=split.vat,
        net_amount=split.net,
        purchase_type=line.purchase_type,
        cost_center=line.cost_center,
        description=line.description,
    )


def compute_mileage(data: MileageInput) -> Computed:
    if not data.legs:
        raise field_error("legs", _("Add at least one leg of the route."))
    try:
        result = calculate_mileage(
            data.date,
            [leg.km for leg in data.legs],
            # Text as entered, not yet a Vehicle: the rules refuse anything but a car or a motorcycle.
            vehicle=data.vehicle,  # type: ignore[arg-type]
            passengers=data.passengers,
            trailer=data.trailer,
            heavy_load=data.heavy_load,
        )
    except RuleError as error:
        raise from_rule_error(error) from error
    total = wording.phrase(gettext_noop("Total %(total)s"), total=wording.Money(result.total))
    return _allowance(result.total, [*(line.phrase for line in result.lines), total], data.cost_center)


@dataclass(frozen=True)
class PerDiemComputed(Computed):
    """A per diem's calculation plus what is stored with its details.

    ``phrases``: the explanation as language-neutral JSON (``rules.wording``), so it can be shown later in
    the reader's language; ``explanation`` holds it rendered in the language active now.
    ``employee_day_rate``: the day rate the traveller typed, when it was used (the approver checks it).
    """

    employee_day_rate: Decimal | None = None


def compute_per_diem(data: PerDiemInput, *, company: Company | None = None) -> PerDiemComputed:
    """The per diem (or meal allowance) of a trip. ``company``: whose admin-entered foreign rates apply.

    Raises ValidationError keyed by field; "day_rate" when the country and year have no figure and the
    traveller gave none.
    """
    result = _per_diem_result(data, _company_rates(company, data) if company else ())
    phrases, total = list(result.phrases), result.total
    if data.meal_allowance_meals:
        meal = _meal_allowance(data, result.total)
        phrases, total = [*phrases, *meal.phrases], meal.amount
    elif result.total <= 0:
        message = _("This trip gives no per diem: %(why)s")
        raise field_error("return_at", message % {"why": "; ".join(result.render_lines(wording.localized()))})
    computed = _allowance(total, phrases, data.cost_center)
    return PerDiemComputed(**vars(computed), employee_day_rate=data.day_rate if result.employee_rate_used else None)


def _per_diem_result(data: PerDiemInput, company_rates: Sequence[EnteredRate]) -> PerDiemResult:
    try:
        return calculate_per_diem(
            data.departure,
            data.return_at,
            data.destination or "FI",
            list(data.free_meals),
            city=data.city or None,
            company_rates=company_rates,
            employee_rate=data.day_rate,
        )
    except DayRateMissing as error:
        message = _(
            "There is no per diem figure for %(country)s in %(year)s yet: enter the day rate from the decision."
        )
        values = {"country": country_name(error.country, get_language()), "year": error.year}
        raise field_error("day_rate", message % values, code="required") from error
    except RuleError as error:
        if error.field == "day_rate":
            message = _("Enter a day rate above 0 and at most 1000 €, with at most two decimals.")
            raise field_error("day_rate", message) from error
        raise from_rule_error(error) from error


def _company_rates(company: Company, data: PerDiemInput) -> list[EnteredRate]:
    """The foreign per diems ``company``'s admins entered for the trip's destination and years."""
    if timezone.is_aware(data.departure):
        years = range(timezone.localdate(data.departure).year, timezone.localdate(data.return_at).year + 1)
    else:
        years = range(data.departure.year, data.return_at.year + 1)
    found = ForeignPerDiemRate.objects.filter(
        company=company, country=(data.destination or "").strip().upper(), year__in=list(years)
    ).select_related("entered_by")
    return [rate.as_entered_rate() for rate in found]


def _rendered(phrases: Sequence[wording.Phrase]) -> tuple[str, ...]:
    """The phrases in the language active now (the live preview and the API's calculate call)."""
    active = wording.localized()
    return tuple(wording.render(item, active) for item in phrases)


def _meal_allowance(data: PerDiemInput, per_diem: Decimal) -> MealAllowanceResult:
    """A meal allowance is paid only for a working day that gives no per diem."""
    if per_diem > 0:
        message = _("A meal allowance is paid only when no per diem is paid; this trip gives a per diem.")
        raise field_error("meal_allowance_meals", message)
    day = timezone.localdate(data.departure) if timezone.is_aware(data.departure) else data.departure.date()
    try:
        return calculate_meal_allowance(day, data.meal_allowance_meals)
    except RuleError as error:
        raise field_error("meal_allowance_meals", _("Choose a meal allowance for 1 or 2 meals.")) from error


def _allowance(total: Decimal, phrases: Sequence[wording.Phrase], cost_center: CostCenter | None) -> Computed:
    amount = check_amount(total)
    line = ComputedLine(amount, amount, Decimal(0), Decimal(0), amount, None, cost_center, "")
    stored = tuple(wording.to_json(item) for item in phrases)
    return Computed(amount, amount, (line,), _rendered(phrases), phrases=stored)
