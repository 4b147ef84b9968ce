"""The real client against the real sandbox over HTTP: no mocks between them.

Both follow the written protocol independently, so every call here checks one against the other:
signing, the envelope, typed errors and the read-back that resolves an unknown outcome.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from netvisor import errors
from netvisor.client import NetvisorClient, exchange_connection_identifier
from netvisor.credentials import ClientConfig, CustomerCredentials, PartnerCredentials
from netvisor.models import (
    Dimension,
    DimensionItem,
    Payment,
    Voucher,
    VoucherAttachment,
    VoucherDimension,
    VoucherLine,
)
from netvisor_sandbox import faults
from netvisor_sandbox.models import SandboxApiIdentifier, SandboxOrganisation, SandboxPayment, SandboxVoucher

pytestmark = pytest.mark.django_db(transaction=True)

OPEN_DAY = date(2025, 3, 14)  # after the demo's lock date 31.12.2024


def client_for(sandbox, *, read_timeout: float = 5, language: str = "FI") -> NetvisorClient:
    config = ClientConfig(
        base_url=sandbox.base_url, sender="Bezala", language=language,  # type: ignore[arg-type]
        read_timeout=read_timeout, allow_short_read_timeout=True,
    )  # fmt: skip
    partner = PartnerCredentials(sandbox.partner_id, sandbox.partner_key)
    customer = CustomerCredentials(sandbox.customer_id, sandbox.customer_key, sandbox.organisation_id)
    return NetvisorClient(config, partner, customer)


def organisation(sandbox) -> SandboxOrganisation:
    return SandboxOrganisation.objects.get(business_id=sandbox.organisation_id)


def taxi_voucher(reference: str, *, day: date = OPEN_DAY, account: int = 7000, vat: str = "25.5") -> Voucher:
    expense = VoucherLine(
        Decimal("125.50"), account, Decimal(vat), "KOOS", "Taxi",
        dimensions=(VoucherDimension("Kustannuspaikka", "Myynti Helsinki"),),
    )  # fmt: skip
    payable = VoucherLine(Decimal("-125.50"), 2940, Decimal("0"), "NONE", "Payable to employee")
    receipt = VoucherAttachment("application/pdf", "Receipt", "taxi.pdf", b"%PDF-1.4 demo")
    return Voucher(day, "Muut", (expense, payable), description=f"Taxi {reference}", attachments=(receipt,))


def test_voucher_posted_and_read_back_with_gross_vat_split(sandbox) -> None:
    with client_for(sandbox) as client:
        key = client.post_voucher(taxi_voucher("[BZ-1]"))
        (voucher,) = client.get_ledger(netvisor_keys=[key])
        by_window = client.get_ledger(start=OPEN_DAY, end=OPEN_DAY)
    assert voucher.netvisor_key == key and voucher.description == "Taxi [BZ-1]"
    assert [v.netvisor_key for v in by_window] == [key]
    sums = {line.account_number: line.line_sum for line in voucher.lines}
    # Gross mode: 125,50 incl. 25,5 % VAT -> 100,00 net on 7000 and 25,50 on the VAT receivable account.
    assert sums["7000"] == Decimal("100.00") and sums["1763"] == Decimal("25.50")
    assert sum(line.line_sum for line in voucher.lines) == 0
    expense = next(line for line in voucher.lines if line.account_number == "7000")
    assert [(d.name, d.item) for d in expense.dimensions] == [("Kustannuspaikka", "Myynti Helsinki")]
    stored = SandboxVoucher.objects.get(pk=key)
    assert stored.attachments.count() == 1


def test_validation_errors_are_typed(sandbox) -> None:
    with client_for(sandbox, language="EN") as client:
        with pytest.raises(errors.InvalidData) as unknown_account:
            client.post_voucher(taxi_voucher("[BZ-2]", account=9876))
        with pytest.raises(errors.PeriodLocked) as locked:
            client.post_voucher(taxi_voucher("[BZ-3]", day=date(2024, 6, 1), vat="24"))
    assert unknown_account.value.retryable is False and "9876" in (unknown_account.value.netvisor_text or "")
    assert locked.value.code == "PERIOD_LOCK" and locked.value.retryable is False


def test_reference_lists(sandbox) -> None:
    with client_for(sandbox) as client:
        types = client.list_voucher_types()
        chart = client.list_accounts()
        periods = client.get_accounting_periods()
        records = list(client.iter_dimensions())
    assert len(types) == 12 and {t.abbreviation: t.name for t in types}["MU"] == "Muut"
    assert chart.defaults.get("TradePayables") == "2871"
    assert "7000" in {account.number for account in chart.accounts}
    assert periods.accounting_period_lock_date == date(2024, 12, 31) and periods.is_locked(date(2024, 12, 31))
    headers = [r.name for r in records if isinstance(r, Dimension)]
    items = {r.name: r for r in records if isinstance(r, DimensionItem)}
    assert headers == ["Kustannuspaikka", "Projekti"]
    assert items["Vanha osasto"].is_hidden is True
    assert items["Myynti Helsinki"].father_id == items["Myynti"].netvisor_key


def payment(**changes) -> Payment:
    values = {
        "message_type": "FreeText", "message": "Kulukorvaus 42", "recipient_name": "Matti Meikäläinen",
        "source_iban": "FI21 1234 5600 0007 85", "destination_iban": "FI42 5000 1510 0000 23",
        "destination_bic": "OKOYFIHH", "bank_name": "OP", "due_date": OPEN_DAY, "amount": Decimal("125.50"),
    }  # fmt: skip
    values.update(changes)
    return Payment(**values)  # type: ignore[arg-type]


def test_payment_lifecycle(sandbox) -> None:
    with client_for(sandbox) as client:
        identifier = client.post_payment(payment())
        assert client.get_unprocessed_payments([identifier]) == []  # the bank has not answered yet
        SandboxPayment.objects.filter(pk=identifier).update(status=SandboxPayment.Status.OK)
        (status,) = client.get_unprocessed_payments([identifier])
        with pytest.raises(errors.InvalidData):
            client.post_payment(payment(destination_iban="FI42 5000 1510 0000 24"))  # mod-97 fails
    assert status.identifier == identifier and status.is_ok


def test_timeout_after_send_is_outcome_unknown_and_read_back_finds_the_voucher(sandbox) -> None:
    faults.set_fault(organisation(sandbox), faults.Kind.TIMEOUT, seconds=2.5)
    with client_for(sandbox, read_timeout=1) as client, pytest.raises(errors.OutcomeUnknown) as lost:
        client.post_voucher(taxi_voucher("[BZ-7]"))
    assert lost.value.retryable is False and lost.value.maybe_applied is True
    faults.clear(organisation(sandbox))
    with client_for(sandbox) as client:
        # The sandbox stores the voucher after its delay, as Netvisor would; poll a little.
        for _attempt in range(30):
            found = [v for v in client.get_ledger(start=OPEN_DAY, end=OPEN_DAY) if "[BZ-7]" in (v.description or "")]
            if found:
                break
            time.sleep(0.2)
    assert len(found) == 1


def test_accept_then_drop_is_outcome_unknown_with_the_voucher_stored(sandbox) -> None:
    faults.set_fault(organisation(sandbox), faults.Kind.DROP)
    with client_for(sandbox) as client, pytest.raises(errors.OutcomeUnknown):
        client.post_voucher(taxi_voucher("[BZ-8]"))
    faults.clear(organisation(sandbox))
    with client_for(sandbox) as client:
        found = [v for v in client.get_ledger(start=OPEN_DAY, end=OPEN_DAY) if "[BZ-8]" in (v.description or "")]
    assert len(found) == 1


@pytest.mark.parametrize(
    ("kind", "options", "error", "retryable"),
    [
        (faults.Kind.MAINTENANCE, {}, errors.Maintenance, True),
        (faults.Kind.HTTP_5XX, {"status_code": 502}, errors.MalformedResponse, True),
        (faults.Kind.EXPIRED_CREDENTIALS, {}, errors.AuthenticationFailed, False),
        (faults.Kind.MISSING_RIGHT, {"right": "accounting"}, errors.PermissionMissing, False),
    ],
)
def test_faults_become_typed_errors(sandbox, kind, options, error, retryable) -> None:
    faults.set_fault(organisation(sandbox), kind, **options)
    with client_for(sandbox) as client, pytest.raises(error) as raised:
        client.list_voucher_types()
    assert type(raised.value) is error and raised.value.retryable is retryable
    if error is errors.PermissionMissing:
        assert raised.value.resource == "accounting"
    text = f"{raised.value!r} {raised.value} {raised.value.netvisor_text}"
    assert sandbox.customer_key not in text and sandbox.partner_key not in text


def test_revoked_identifier_is_authentication_failed(sandbox) -> None:
    from django.utils import timezone

    SandboxApiIdentifier.objects.filter(customer_id=sandbox.customer_id).update(revoked_at=timezone.now())
    with client_for(sandbox) as client, pytest.raises(errors.AuthenticationFailed):
        client.check_connection()


def test_connection_identifier_exchange_is_single_use(sandbox) -> None:
    from netvisor_sandbox.models import SandboxConnectionIdentifier

    identifier = SandboxConnectionIdentifier.objects.create(organisation=organisation(sandbox))
    config = ClientConfig(base_url=sandbox.base_url, sender="Bezala", read_timeout=5, allow_short_read_timeout=True)
    partner = PartnerCredentials(sandbox.partner_id, sandbox.partner_key)
    grant = exchange_connection_identifier(config, partner, identifier.identifier)
    assert grant.organisation_id == sandbox.organisation_id
    with NetvisorClient(config, partner, grant.credentials()) as client:
        client.check_connection()
    with pytest.raises(errors.ConnectionIdentifierRejected):
        exchange_connection_identifier(config, partner, identifier.identifier)
