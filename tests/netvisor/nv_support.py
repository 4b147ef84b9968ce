"""Shared helpers for the Netvisor client tests (imported by basename; no conftest needed)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from netvisor.client import NetvisorClient
from netvisor.credentials import ClientConfig, CustomerCredentials, PartnerCredentials
from netvisor.models import Payment, Voucher, VoucherLine
from netvisor.signing import sign

BASE = "https://isvapi.netvisor.fi"
CONFIG = ClientConfig(base_url=BASE, sender="Bezala test")
PARTNER = PartnerCredentials("BEZ_PARTNER", "partnerSECRETkey0123456789")
CUSTOMER = CustomerCredentials("F2FD629D-CD04-4AF7_31405", "customerSECRETkey987654321", "1967543-8")
SECRETS = (PARTNER.partner_key, CUSTOMER.customer_key)
FIXED_NOW = datetime(2024, 10, 31, 12, 30, 45, 123456, tzinfo=UTC)

VOUCHER = Voucher(
    date(2024, 10, 31),
    "Muut",
    (
        VoucherLine(Decimal("10.00"), 7000, Decimal("25.5"), "KOOS", "Taxi"),
        VoucherLine(Decimal("-10.00"), 2940, Decimal("0"), "NONE", "Payable"),
    ),
    description="Report 1 [BZ-1]",
)
PAYMENT = Payment(
    message_type="FreeText",
    message="Expense report 42",
    recipient_name="Matti Meikäläinen",
    source_iban="FI21 1234 5600 0007 85",
    destination_iban="fi4250001510000023",
    destination_bic="OKOYFIHH",
    bank_name="OP",
    due_date=date(2024, 11, 5),
    amount=Decimal("125.5"),
)

STATUS_OK = "<ResponseStatus><Status>OK</Status><TimeStamp>31.10.2024 14:30:46</TimeStamp></ResponseStatus>"


def ok_body(inner: str = "") -> bytes:
    """A success envelope with ``inner`` after ResponseStatus (CRLF and declaration like Netvisor)."""
    return (
        '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n'
        f"<Root>\r\n    {STATUS_OK}\r\n    {inner}\r\n</Root>"
    ).encode()


def failed_body(detail: str) -> bytes:
    """A failure envelope: two sibling Status elements."""
    return (
        '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<Root><ResponseStatus>'
        f"<Status>FAILED</Status><Status>{detail}</Status><TimeStamp>5.6.2023 16:12:09</TimeStamp>"
        "</ResponseStatus></Root>"
    ).encode()


def inserted(key: int) -> bytes:
    return ok_body(f"<Replies><InsertedDataIdentifier>{key}</InsertedDataIdentifier></Replies>")


def url_re(resource: str) -> re.Pattern[str]:
    """Match a resource URL with or without a query string."""
    return re.compile(re.escape(f"{BASE}/{resource}") + r"(\?.*)?$")


def make_client(**kwargs: Any) -> NetvisorClient:
    kwargs.setdefault("clock", lambda: FIXED_NOW)
    return NetvisorClient(kwargs.pop("config", CONFIG), PARTNER, CUSTOMER, **kwargs)


def expected_mac(url: str, headers: Any, customer_key: str, partner_key: str) -> str:
    """Recompute the MAC the way a server would: from the received URL and header values."""
    prefix = "X-Netvisor-Authentication-"
    return sign(
        url,
        headers[prefix + "Sender"],
        headers[prefix + "CustomerId"],
        headers[prefix + "Timestamp"],
        headers["X-Netvisor-Interface-Language"],
        headers["X-Netvisor-Organisation-ID"],
        headers[prefix + "TransactionId"],
        headers[prefix + "TimestampUnix"],
        customer_key,
        partner_key,
        headers[prefix + "MACHashCalculationAlgorithm"],
    )
