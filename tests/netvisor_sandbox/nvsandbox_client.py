"""A hand-written Netvisor caller for the sandbox tests.

Signs requests straight from the spec's formula with hmac/hashlib (no project code), so the tests check
the sandbox against the protocol rather than against our own client.
"""

import hashlib
import hmac
import uuid
from datetime import UTC, datetime

import requests
from lxml import etree

HMACSHA256 = "HMACSHA256"


def mac(
    url: str,
    sender: str,
    customer_id: str,
    timestamp: str,
    language: str,
    organisation_id: str,
    transaction_id: str,
    timestamp_unix: str,
    customer_key: str,
    partner_key: str,
    algorithm: str = HMACSHA256,
) -> str:
    """The MAC of spec 2.3: HMAC-SHA256 over 10 fields, or legacy SHA256/MD5 over 9 (no TimestampUnix)."""
    head = [url, sender, customer_id, timestamp, language, organisation_id, transaction_id]
    if algorithm == HMACSHA256:
        message = "&".join([*head, timestamp_unix, customer_key, partner_key]).encode("iso-8859-15")
        key = f"{customer_key}&{partner_key}".encode("iso-8859-15")
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    message = "&".join([*head, customer_key, partner_key]).encode("iso-8859-15")
    return hashlib.new(algorithm.lower(), message).hexdigest()


def ansi_timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


class Caller:
    """Holds one set of credentials; every keyword of `headers` can be overridden per call."""

    def __init__(self, info: dict[str, str]) -> None:
        self.info = dict(info)
        self.last_headers: dict[str, str] = {}

    def credentials(self, **overrides: str) -> dict[str, str]:
        values = {key: self.info[key] for key in ("sender", "customer_id", "customer_key", "partner_id")}
        values.update(partner_key=self.info["partner_key"], organisation_id=self.info["organisation_id"])
        values.update(overrides)
        return values

    def headers(
        self,
        url: str,
        *,
        algorithm: str = HMACSHA256,
        language: str = "FI",
        transaction_id: str | None = None,
        moment: datetime | None = None,
        status_codes: bool = False,
        **overrides: str,
    ) -> dict[str, str]:
        values = self.credentials(**overrides)
        moment = moment or datetime.now(UTC)
        timestamp, unix = ansi_timestamp(moment), str(int(moment.timestamp()))
        transaction_id = transaction_id or uuid.uuid4().hex
        signature = mac(
            url, values["sender"], values["customer_id"], timestamp, language, values["organisation_id"],
            transaction_id, unix, values["customer_key"], values["partner_key"], algorithm,
        )  # fmt: skip
        headers = {
            "X-Netvisor-Authentication-Sender": values["sender"],
            "X-Netvisor-Authentication-CustomerId": values["customer_id"],
            "X-Netvisor-Authentication-PartnerId": values["partner_id"],
            "X-Netvisor-Authentication-Timestamp": timestamp,
            "X-Netvisor-Authentication-TransactionId": transaction_id,
            "X-Netvisor-Interface-Language": language,
            "X-Netvisor-Organisation-ID": values["organisation_id"],
            "X-Netvisor-Authentication-MAC": signature,
            "X-Netvisor-Authentication-MACHashCalculationAlgorithm": algorithm,
        }
        if algorithm == HMACSHA256:
            headers["X-Netvisor-Authentication-TimestampUnix"] = unix
        if status_codes:
            headers["X-Netvisor-Authentication-UseHTTPResponseStatusCodes"] = "1"
        return headers

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        *,
        sign_url: str | None = None,
        extra_headers: dict[str, str] | None = None,
        drop_headers: tuple[str, ...] = (),
        timeout: float = 10,
        **options: object,
    ) -> requests.Response:
        url = self.info["base_url"] + path
        headers = self.headers(sign_url or url, **options)  # type: ignore[arg-type]
        headers.update(extra_headers or {})
        for name in drop_headers:
            headers.pop(name, None)
        if isinstance(body, str):
            body = body.encode("utf-8")
            headers.setdefault("Content-Type", "text/xml; charset=utf-8")
        self.last_headers = headers
        return requests.request(method, url, data=body, headers=headers, timeout=timeout)

    def get(self, path: str, **options: object) -> requests.Response:
        return self.request("GET", path, **options)  # type: ignore[arg-type]

    def post(self, path: str, body: bytes | str, **options: object) -> requests.Response:
        return self.request("POST", path, body, **options)  # type: ignore[arg-type]


def parse(response: requests.Response) -> etree._Element:
    return etree.fromstring(response.content)


def statuses(response: requests.Response) -> list[str]:
    return [element.text or "" for element in parse(response).findall("ResponseStatus/Status")]


def error_code(response: requests.Response) -> str:
    found = statuses(response)
    assert found[0] == "FAILED", found
    return found[1].split(" :: ", 1)[0]


def error_text(response: requests.Response) -> str:
    return statuses(response)[1].split(" :: ", 1)[1]


def assert_ok(response: requests.Response) -> etree._Element:
    assert response.status_code == 200, response.text
    assert statuses(response) == ["OK"], response.text
    return parse(response)


def inserted_id(response: requests.Response) -> int:
    return int(assert_ok(response).findtext("Replies/InsertedDataIdentifier"))


def voucher_xml(
    *,
    mode: str = "net",
    day: str = "2025-03-14",
    voucher_class: str = "Muut",
    lines: list[str] | None = None,
    description: str = "Expense report 42 / Matti M. [BZ-42]",
    extra: str = "",
) -> str:
    if lines is None:
        lines = [line_xml("100,00", "7000", "NONE", "0"), line_xml("-100,00", "2940", "NONE", "0")]
    return (
        f"<root><voucher><calculationmode>{mode}</calculationmode>"
        f'<voucherdate format="ansi">{day}</voucherdate><description>{description}</description>'
        f"<voucherclass>{voucher_class}</voucherclass>{''.join(lines)}{extra}</voucher></root>"
    )


def line_xml(amount: str, account: str, code: str, percent: str, description: str = "", dims: str = "") -> str:
    return (
        f'<voucherline><linesum type="net">{amount}</linesum><description>{description}</description>'
        f'<accountnumber>{account}</accountnumber><vatpercent vatcode="{code}">{percent}</vatpercent>'
        f"{dims}</voucherline>"
    )


def dimension_xml(name: str, item: str) -> str:
    return f"<dimension><dimensionname>{name}</dimensionname><dimensionitem>{item}</dimensionitem></dimension>"


def payment_xml(
    *,
    iban: str = "FI2112345600000785",
    bic: str = "NDEAFIHH",
    amount: str = "125,50",
    message_type: str = "FreeText",
    message: str = "Kulukorvaus 42",
    address: str = "",
) -> str:
    return (
        f"<root><payment><bankpaymentmessagetype>{message_type}</bankpaymentmessagetype>"
        f"<bankpaymentmessage>{message}</bankpaymentmessage>"
        f"<recipient><name>Matti Meikäläinen</name>{address}</recipient>"
        f"<sourcebankaccountnumber>FI4950009420028730</sourcebankaccountnumber>"
        f"<destinationbankaccount><bankname>Nordea</bankname><bankbranch>{bic}</bankbranch>"
        f"<destinationbankaccountnumber>{iban}</destinationbankaccountnumber></destinationbankaccount>"
        f"<duedate>2025-03-20</duedate><amount>{amount}</amount></payment></root>"
    )
