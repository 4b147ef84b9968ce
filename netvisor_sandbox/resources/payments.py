"""payment.nv (spec 6.10) and unprocessedoutgoingpayments.nv: outgoing transfers and their bank status."""

import re
from decimal import Decimal

from lxml import etree
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from netvisor_sandbox import envelope, xmlio
from netvisor_sandbox.envelope import sub
from netvisor_sandbox.errors import invalid
from netvisor_sandbox.models import SandboxPayment
from netvisor_sandbox.resources.base import Call, Resource, check_length, key_list, parse_any_date
from netvisor_sandbox.xmlio import Field, Node

RECIPIENT = Field(
    "recipient",
    children=(
        Field("organizationcode", 0),
        Field("name"),
        Field("address", 0),
        Field("postcode", 0),
        Field("town", 0),
        Field("country", 0),
    ),
)
DESTINATION = Field(
    "destinationbankaccount",
    # BIC may be left empty: it is checked only when given (Netvisor derives the bank from the IBAN).
    children=(Field("bankname"), Field("bankbranch", allow_empty=True), Field("destinationbankaccountnumber")),
)
GROUP = Field("paymentgroup", 0, 1, (Field("paymentgrouppayment", 0, None, (Field("sum"), Field("reference"))),))
SCHEMA = (
    Field(
        "payment",
        children=(
            Field("bankpaymentmessagetype"),
            Field("bankpaymentmessage"),
            RECIPIENT,
            Field("sourcebankaccountnumber"),
            DESTINATION,
            Field("duedate"),
            Field("amount"),
            GROUP,
        ),
    ),
)
MESSAGE_TYPES = {"finnishreference": "FinnishReference", "freetext": "FreeText"}
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
# Finnish IBANs (Åland shares the FI format) need no recipient address.
DOMESTIC_COUNTRIES = ("FI", "AX")


def post_payment(call: Call) -> list[etree._Element]:
    assert call.body is not None
    xmlio.check(call.body, SCHEMA)
    node = call.body.one("payment")
    assert node is not None
    recipient, destination = node.one("recipient"), node.one("destinationbankaccount")
    assert recipient is not None and destination is not None
    message_type, message = _message(node)
    iban = _iban(destination.value("destinationbankaccountnumber"), "destinationbankaccountnumber")
    _require_address(recipient, iban)
    payment = SandboxPayment.objects.create(
        organisation=call.organisation,
        message_type=message_type,
        message=message,
        recipient_name=check_length(recipient.value("name"), 200, "name"),
        recipient_organization_code=recipient.value("organizationcode")[:50],
        recipient_address=recipient.value("address")[:200],
        recipient_postcode=recipient.value("postcode")[:20],
        recipient_town=recipient.value("town")[:100],
        recipient_country=recipient.value("country")[:2].upper(),
        source_iban=str(_iban(node.value("sourcebankaccountnumber"), "sourcebankaccountnumber")),
        bank_name=destination.value("bankname")[:100],
        bic=_bic(destination.value("bankbranch")),
        destination_iban=str(iban),
        due_date=parse_any_date(node.value("duedate"), "duedate"),
        amount=_amount(node.one("amount")),
    )
    return envelope.inserted(payment.pk)


def _message(node: Node) -> tuple[str, str]:
    kind = MESSAGE_TYPES.get(node.value("bankpaymentmessagetype").strip().lower())
    if kind is None:
        raise invalid(
            "bankpaymentmessagetype pitää olla FinnishReference tai FreeText",
            "bankpaymentmessagetype must be FinnishReference or FreeText",
        )
    message = node.value("bankpaymentmessage").strip()
    if kind == "FinnishReference" and not valid_reference(message):
        raise invalid(f"Viitenumero ei kelpaa: {message}", f"Reference number is not valid: {message}")
    return kind, check_length(message, 420, "bankpaymentmessage")


def valid_reference(value: str) -> bool:
    """Finnish reference (7-3-1 check digit) or an RF creditor reference (ISO 11649, mod 97)."""
    compact = value.replace(" ", "").upper()
    if compact.startswith("RF"):
        if not re.fullmatch(r"RF\d{2}[0-9A-Z]{1,21}", compact):
            return False
        rearranged = compact[4:] + compact[:4]
        return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1
    if not re.fullmatch(r"\d{4,20}", compact):
        return False
    weights = (7, 3, 1)
    total = sum(int(digit) * weights[i % 3] for i, digit in enumerate(reversed(compact[:-1])))
    return (10 - total % 10) % 10 == int(compact[-1])


def _iban(value: str, element: str) -> IBAN:
    try:
        iban = IBAN(value.strip())
    except SchwiftyException as exc:
        raise invalid(
            f"Tilinumero ei ole kelvollinen IBAN ({element}): {value}", f"Invalid IBAN in <{element}>: {value}"
        ) from exc
    if not iban.in_sepa_zone:
        raise invalid(f"Tilinumero ei ole SEPA-alueelta: {value}", f"The account is not in the SEPA zone: {value}")
    return iban


def _require_address(recipient: Node, iban: IBAN) -> None:
    if iban.country_code in DOMESTIC_COUNTRIES:
        return
    missing = [name for name in ("address", "postcode", "town") if not recipient.value(name).strip()]
    if missing:
        names = ", ".join(missing)
        raise invalid(
            f"Ulkomaiselle tilille maksettaessa saajan osoite on pakollinen (puuttuu: {names})",
            f"A recipient address is required for a non-Finnish account (missing: {names})",
        )


def _bic(value: str) -> str:
    bic = value.strip().upper().replace(" ", "")
    if bic and not _BIC.match(bic):
        raise invalid(f"BIC-tunnus ei kelpaa: {value}", f"BIC is not valid: {value}")
    return bic


def _amount(node: Node | None) -> Decimal:
    assert node is not None
    currency = next((value for name, value in node.attrs.items() if "currency" in name), "EUR")
    if currency.strip().upper() != "EUR":
        raise invalid(
            f"Vain EUR-maksut ovat sallittuja, ei {currency}", f"Only EUR payments are allowed, not {currency}"
        )
    amount = xmlio.parse_decimal(node.text, "amount")
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise invalid(
            f"Summa ei kelpaa: {node.text}", f"Amount must be positive with at most two decimals: {node.text}"
        )
    return amount


def unprocessed(call: Call) -> list[etree._Element]:
    if not call.query.get("idlist"):
        raise invalid("Parametri idlist puuttuu", "Parameter idlist is missing")
    keys = key_list(call.query["idlist"], "idlist", 500)
    # Only payments the bank has answered for; an unprocessed one is simply absent (spec 6.10).
    payments = SandboxPayment.objects.filter(organisation=call.organisation, pk__in=keys).exclude(
        status=SandboxPayment.Status.UNPROCESSED
    )
    root = etree.Element("Payments")
    for payment in payments.order_by("pk"):
        element = sub(root, "Payment")
        sub(element, "Identifier", payment.pk)
        sub(element, "Status", payment.status)
        sub(element, "StatusDescription", payment.status_description)
    return [root]


PAYMENT = Resource("payment.nv", "POST", "payment", post_payment)
UNPROCESSED = Resource("unprocessedoutgoingpayments.nv", "GET", "payment", unprocessed)
