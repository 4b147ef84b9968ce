"""Finnish VAT codes and rates as accounting.nv checks them (spec 6.12)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from netvisor_sandbox.errors import invalid

VAT_CODES = frozenset(
    {
        "NONE", "KOOS", "EUOS", "EUUO", "EUPO", "100", "KOMY", "RAMY", "EVRO",
        "EUMY", "EUUM", "EUPM312", "EUPM309", "MUUL", "EVTO", "EVPO", "RAOS",
    }
)  # fmt: skip
# Codes whose VAT is owed by the company; their gross split goes to SalesVATDebt, not PurchaseVATReceivable.
SALES_CODES = frozenset({"KOMY", "EUMY", "EUUM", "EUPM312", "EUPM309", "MUUL", "RAMY"})
GENERAL_RATE_CHANGE = date(2024, 9, 1)
REDUCED_RATE_CHANGE = date(2026, 1, 1)
CENT = Decimal("0.01")


def rates_on(day: date) -> set[Decimal]:
    general = Decimal("25.5") if day >= GENERAL_RATE_CHANGE else Decimal("24")
    reduced = Decimal("13.5") if day >= REDUCED_RATE_CHANGE else Decimal("14")
    return {general, reduced, Decimal("10"), Decimal("0")}


def check(code: str, percent: Decimal, day: date) -> None:
    if code not in VAT_CODES:
        raise invalid(f"Tuntematon ALV-koodi: {code}", f"Unknown VAT code: {code}")
    if code == "NONE":
        if percent != 0:
            raise invalid(
                f"ALV-koodi NONE ei salli verokantaa {percent} %", f"VAT code NONE does not allow a rate of {percent} %"
            )
        return
    if percent not in rates_on(day):
        allowed = ", ".join(str(rate) for rate in sorted(rates_on(day)))
        raise invalid(
            f"ALV-prosentti {percent} ei ole sallittu koodilla {code} päivälle {day:%d.%m.%Y} (sallitut: {allowed})",
            f"VAT rate {percent} is not valid with code {code} on {day:%d.%m.%Y} (valid: {allowed})",
        )


def split_gross(gross: Decimal, percent: Decimal) -> tuple[Decimal, Decimal]:
    """(net, vat) so that net + vat == gross exactly; VAT rounded to the cent."""
    if percent == 0:
        return gross, Decimal("0.00")
    net = (gross * 100 / (100 + percent)).quantize(CENT, rounding=ROUND_HALF_UP)
    return net, gross - net
