"""Plain data for what Netvisor returns and what we send. Amounts are Decimal, dates ``date``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from netvisor.credentials import MASK, CustomerCredentials

# --- parsed (response side) -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VoucherType:
    """One row of ``vouchertypelist.nv``; ``name`` is what ``voucherclass`` must carry."""

    netvisor_key: int
    abbreviation: str | None
    name: str
    foreign_names: tuple[tuple[str, str], ...] = ()  # (ISO-639-1 language, name)


@dataclass(frozen=True, slots=True)
class Dimension:
    """A dimension header (laskentakohdeotsikko), e.g. "Kustannuspaikka"."""

    netvisor_key: int
    name: str
    is_hidden: bool
    link_type: int | None = None


# Not frozen, unlike its siblings: a company may have 100,000 items, and a frozen dataclass's
# __init__ (one object.__setattr__ call per field) took a third of the whole streaming parse.
# Treat it as read-only all the same; it stays hashable for callers that put items in sets.
@dataclass(slots=True, unsafe_hash=True)
class DimensionItem:
    """A dimension item (laskentakohde). ``father_id`` 0 or None means top level.

    Carries its header's key and name so bulk upserts need no second lookup.
    """

    netvisor_key: int
    name: str
    code: str | None
    label: str | None
    is_hidden: bool
    level: int | None
    sort: int | None
    end_sort: int | None
    father_id: int | None
    dimension_key: int
    dimension_name: str


@dataclass(frozen=True, slots=True)
class LedgerDimension:
    """A dimension on a ledger line; ``item`` may be None (Netvisor sends blank items)."""

    name: str
    item: str | None


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One line of a voucher read back from ``accountingledger.nv``. ``vat_code`` None means "-"."""

    netvisor_key: int | None
    line_sum: Decimal
    description: str | None
    account_number: str | None
    vat_percent: Decimal | None
    vat_code: str | None
    account_dimension: str | None = None
    dimensions: tuple[LedgerDimension, ...] = ()


@dataclass(frozen=True, slots=True)
class LedgerVoucher:
    """A voucher read back; ``status`` is valid/invalidated/deleted or None when not given."""

    netvisor_key: int
    voucher_date: date | None
    number: int | None
    description: str | None
    voucher_class: str | None
    status: str | None
    lines: tuple[LedgerLine, ...] = ()
    linked_source_key: int | None = None
    linked_source_type: str | None = None
    uri: str | None = None


@dataclass(frozen=True, slots=True)
class Account:
    """One chart-of-accounts row; ``number`` is None for top-level groups."""

    netvisor_key: int
    number: str | None
    name: str | None
    account_type: str | None
    father_key: int | None
    is_active: bool
    is_cumulative: bool | None = None
    sort: int | None = None
    end_sort: int | None = None
    is_natural_negative: bool | None = None
    foreign_names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CompanyDefaultAccounts:
    """``CompanyDefaultAccounts``: element name (as sent, e.g. ``TradePayables``) → account number."""

    accounts: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """Look up a default account by element name, case-insensitively."""
        wanted = name.lower()
        return next((v for k, v in self.accounts.items() if k.lower() == wanted), None)


@dataclass(frozen=True)
class AccountChart:
    """Result of ``accountlist.nv``."""

    defaults: CompanyDefaultAccounts
    accounts: tuple[Account, ...]


@dataclass(frozen=True, slots=True)
class AccountingPeriod:
    """One accounting period (tilikausi)."""

    netvisor_key: int | None
    name: str | None
    begin: date | None
    end: date | None


@dataclass(frozen=True)
class AccountingPeriods:
    """Lock dates and periods from ``accountingperiodlist.nv``; a voucher dated on or before a
    lock date will be refused with PERIOD_LOCK."""

    accounting_period_lock_date: date | None
    vat_period_lock_date: date | None
    purchase_lock_date: date | None
    periods: tuple[AccountingPeriod, ...] = ()

    def is_locked(self, day: date) -> bool:
        """Whether ``day`` falls into the locked accounting range."""
        lock = self.accounting_period_lock_date
        return lock is not None and day <= lock


@dataclass(frozen=True, slots=True)
class PaymentStatus:
    """One row of ``unprocessedoutgoingpayments.nv``: status 2 = OK, 3 = error."""

    identifier: int
    status: int | None
    description: str | None

    @property
    def is_ok(self) -> bool:
        return self.status == 2

    @property
    def is_error(self) -> bool:
        return self.status == 3


@dataclass(frozen=True, repr=False)
class ConnectionGrant:
    """What a connection identifier is exchanged for (modelled flow; see client docs)."""

    customer_id: str
    customer_key: str
    organisation_id: str
    company_name: str | None

    def __repr__(self) -> str:
        return (
            f"ConnectionGrant(customer_id={self.customer_id!r}, customer_key={MASK!r}, "
            f"organisation_id={self.organisation_id!r}, company_name={self.company_name!r})"
        )

    def credentials(self) -> CustomerCredentials:
        """The grant as credentials for :class:`netvisor.client.NetvisorClient`."""
        return CustomerCredentials(self.customer_id, self.customer_key, self.organisation_id)


# --- request side ------------------------------------------------------------------------------

CalculationMode = Literal["net", "gross"]
AccountDimensionType = Literal["name", "netvisorkey"]
PaymentMessageType = Literal["FinnishReference", "FreeText"]


@dataclass(frozen=True, slots=True)
class VoucherDimension:
    """Dimension header name + item name; Netvisor creates unknown ones automatically."""

    name: str
    item: str
    father_id: int | None = None


@dataclass(frozen=True, slots=True)
class VoucherLine:
    """Positive ``line_sum`` = debit, negative = credit. ``vat_code`` None = account default."""

    line_sum: Decimal
    account_number: str | int
    vat_percent: Decimal
    vat_code: str | None = None
    description: str | None = None
    line_sum_type: CalculationMode = "gross"
    account_dimension: str | None = None
    account_dimension_type: AccountDimensionType = "name"
    dimensions: tuple[VoucherDimension, ...] = ()


@dataclass(frozen=True, repr=False)
class VoucherAttachment:
    """A file attached to a voucher (sent as Base64; billed as an e-scan by Netvisor)."""

    mime_type: str
    description: str
    filename: str
    data: bytes

    def __repr__(self) -> str:
        return f"VoucherAttachment({self.filename!r}, {self.mime_type!r}, {len(self.data)} bytes)"


@dataclass(frozen=True)
class Voucher:
    """One accounting voucher for ``accounting.nv``.

    ``voucher_class`` is the voucher type's full ``Name`` from ``vouchertypelist.nv``. Put a
    stable reference of ours into ``description``: Netvisor has no idempotency key, and the
    reference is how a lost answer is resolved by reading the ledger back.
    """

    voucher_date: date
    voucher_class: str
    lines: tuple[VoucherLine, ...]
    description: str | None = None
    number: int | None = None
    calculation_mode: CalculationMode = "gross"
    checked: bool | None = None
    comment: str | None = None
    attachments: tuple[VoucherAttachment, ...] = ()


@dataclass(frozen=True)
class Payment:
    """An outgoing EUR bank transfer for ``payment.nv`` (still accepted inside Netvisor)."""

    message_type: PaymentMessageType
    message: str
    recipient_name: str
    source_iban: str
    destination_iban: str
    destination_bic: str
    bank_name: str
    due_date: date
    amount: Decimal
    recipient_organization_code: str | None = None
    recipient_address: str | None = None
    recipient_postcode: str | None = None
    recipient_town: str | None = None
    recipient_country: str | None = None
