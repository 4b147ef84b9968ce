"""Turn parsed response trees into :mod:`netvisor.models` objects.

Every lookup is case-insensitive and every list tolerates zero, one or many elements. Missing
required values raise ``ValueError``; the client turns that into ``MalformedResponse``.
"""

from __future__ import annotations

from netvisor.models import (
    Account,
    AccountChart,
    AccountingPeriod,
    AccountingPeriods,
    CompanyDefaultAccounts,
    ConnectionGrant,
    LedgerDimension,
    LedgerLine,
    LedgerVoucher,
    PaymentStatus,
    VoucherType,
)
from netvisor.xmlparse import (
    Element,
    attribute,
    child,
    child_text,
    children,
    iter_children,
    local_name,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    path,
    text,
)

# Netvisor writes "-" for "no VAT handling" in responses (NONE in requests).
NO_VAT_CODE = "-"


def required_text(element: Element, name: str) -> str:
    """Text of a child that must be present."""
    value = child_text(element, name)
    if value is None:
        raise ValueError(f"<{local_name(element)}> has no <{name}>")
    return value


def required_int(element: Element, name: str) -> int:
    """Integer child that must be present (e.g. ``NetvisorKey``/``Netvisorkey``)."""
    return int(required_text(element, name))


def descendants(element: Element, name: str) -> list[Element]:
    """All descendants called ``name`` (any case), in document order."""
    wanted = name.lower()
    return [node for node in element.iter() if local_name(node) == wanted and node is not element]


def foreign_names(element: Element, *attribute_names: str) -> tuple[tuple[str, str], ...]:
    """``ForeignName`` children as (language, name) pairs."""
    pairs = []
    for node in children(element, "ForeignName"):
        language = next((v for a in attribute_names if (v := attribute(node, a))), "")
        value = text(node)
        if value:
            pairs.append((language.lower(), value))
    return tuple(pairs)


# --- accountingledger.nv ----------------------------------------------------------------------


def parse_ledger(root: Element) -> list[LedgerVoucher]:
    """``Vouchers/Voucher`` → vouchers (``<Vouchers/>`` → empty list)."""
    return [ledger_voucher(node) for node in children(child(root, "Vouchers"), "Voucher")]


def ledger_voucher(node: Element) -> LedgerVoucher:
    """One ``Voucher`` element."""
    linked = child(node, "LinkedSourceNetvisorKey")
    status = attribute(node, "status")
    return LedgerVoucher(
        netvisor_key=required_int(node, "NetvisorKey"),
        voucher_date=parse_date(child_text(node, "VoucherDate")),
        number=parse_int(child_text(node, "VoucherNumber")),
        description=child_text(node, "VoucherDescription"),
        voucher_class=child_text(node, "VoucherClass"),
        status=status.lower() if status else None,
        lines=tuple(ledger_line(line) for line in children(node, "VoucherLine")),
        linked_source_key=parse_int(text(linked)),
        linked_source_type=attribute(linked, "type"),
        uri=child_text(node, "VoucherNetvisorURI"),
    )


def ledger_line(node: Element) -> LedgerLine:
    """One ``VoucherLine`` element."""
    line_sum = parse_decimal(child_text(node, "LineSum"))
    if line_sum is None:
        raise ValueError("<VoucherLine> has no <LineSum>")
    vat_code = child_text(node, "VatCode")
    return LedgerLine(
        netvisor_key=parse_int(child_text(node, "NetvisorKey")),
        line_sum=line_sum,
        description=child_text(node, "Description"),
        account_number=child_text(node, "AccountNumber"),
        vat_percent=parse_decimal(child_text(node, "VatPercent")),
        vat_code=None if vat_code in (None, NO_VAT_CODE) else vat_code,
        account_dimension=child_text(node, "AccountDimension"),
        dimensions=tuple(
            LedgerDimension(required_text(dim, "DimensionName"), child_text(dim, "DimensionItem"))
            for dim in children(node, "Dimension")
        ),
    )


# --- vouchertypelist.nv -----------------------------------------------------------------------


def parse_voucher_types(root: Element) -> list[VoucherType]:
    """``VoucherTypeList/VoucherTypes/VoucherType`` → voucher types."""
    nodes = children(path(root, "VoucherTypeList", "VoucherTypes"), "VoucherType")
    return [
        VoucherType(
            netvisor_key=required_int(node, "NetvisorKey"),
            abbreviation=child_text(node, "Abbreviation"),
            name=required_text(node, "Name"),
            foreign_names=foreign_names(node, "ISO-639-1", "iso-3166"),
        )
        for node in nodes
    ]


# --- accountlist.nv ---------------------------------------------------------------------------


def parse_account_chart(root: Element) -> AccountChart:
    """``AccountList`` → default accounts and the account rows."""
    account_list = child(root, "AccountList")
    defaults = {
        str(local_name_as_sent(node)): value
        for node in iter_children(child(account_list, "CompanyDefaultAccounts"))
        if (value := text(node)) is not None
    }
    accounts = children(child(account_list, "Accounts"), "Account")
    return AccountChart(CompanyDefaultAccounts(defaults), tuple(account(node) for node in accounts))


def local_name_as_sent(node: Element) -> str:
    """Tag name without namespace, in its original case."""
    return str(node.tag).rsplit("}", 1)[-1]


def account(node: Element) -> Account:
    """One ``Account`` element."""
    return Account(
        netvisor_key=required_int(node, "NetvisorKey"),
        number=child_text(node, "Number"),
        name=child_text(node, "Name"),
        account_type=child_text(node, "AccountType"),
        father_key=parse_int(child_text(node, "FatherNetvisorKey")),
        is_active=bool(parse_bool(child_text(node, "IsActive"), default=True)),
        is_cumulative=parse_bool(child_text(node, "IsCumulative")),
        sort=parse_int(child_text(node, "Sort")),
        end_sort=parse_int(child_text(node, "EndSort")),
        is_natural_negative=parse_bool(child_text(node, "IsNaturalNegative")),
        foreign_names=foreign_names(node, "iso-3166", "ISO-639-1"),
    )


# --- accountingperiodlist.nv ------------------------------------------------------------------


def parse_accounting_periods(root: Element) -> AccountingPeriods:
    """Lock dates and periods; ``Period`` may sit inside ``PeriodLockInformation`` (docs) or
    next to it (older fixtures), and dates may be ``yyyy-MM-dd`` or ``d.M.yyyy``."""
    period_list = child(root, "AccountingPeriodList")
    lock_info = child(period_list, "PeriodLockInformation")
    nodes = children(lock_info, "Period") + children(period_list, "Period")
    return AccountingPeriods(
        accounting_period_lock_date=parse_date(child_text(lock_info, "AccountingPeriodLockDate")),
        vat_period_lock_date=parse_date(child_text(lock_info, "VatPeriodLockDate")),
        purchase_lock_date=parse_date(child_text(lock_info, "PurchaseLockDate")),
        periods=tuple(
            AccountingPeriod(
                netvisor_key=parse_int(child_text(node, "NetvisorKey")),
                name=child_text(node, "Name"),
                begin=parse_date(child_text(node, "BeginDate")),
                end=parse_date(child_text(node, "EndDate")),
            )
            for node in nodes
        ),
    )


# --- unprocessedoutgoingpayments.nv -----------------------------------------------------------


def parse_payment_statuses(root: Element) -> list[PaymentStatus]:
    """``Payments/Payment`` rows; nothing while the bank has not reported yet."""
    return [
        PaymentStatus(
            identifier=required_int(node, "Identifier"),
            status=parse_int(child_text(node, "Status")),
            description=child_text(node, "StatusDescription"),
        )
        for node in descendants(root, "Payment")
    ]


# --- connectionidentifier.nv (modelled) -------------------------------------------------------


def parse_connection_grant(root: Element) -> ConnectionGrant:
    """``Connection`` → the API identifier pair and the company it belongs to."""
    node = child(root, "Connection")
    if node is None:
        raise ValueError("answer has no <Connection>")
    return ConnectionGrant(
        customer_id=required_text(node, "CustomerId"),
        customer_key=required_text(node, "CustomerKey"),
        organisation_id=required_text(node, "OrganisationIdentifier"),
        company_name=child_text(node, "CompanyName"),
    )
