"""``NetvisorClient``: one method per Netvisor resource this service uses.

Every method may raise any :class:`netvisor.errors.NetvisorError`; the docstrings name the
ones that matter for the call. "Safe to repeat" means calling the method again after a failure
cannot create duplicates in Netvisor. Reads always are; writes are not once the request may have
reached Netvisor (``OutcomeUnknown`` or ``err.maybe_applied``): read back first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from types import TracebackType
from typing import TypeVar

from netvisor import parsers, xmlbuild
from netvisor.caller import Caller, Clock, Identity
from netvisor.credentials import ClientConfig, CustomerCredentials, PartnerCredentials
from netvisor.dimensions import DimensionRecord, stream_dimensions
from netvisor.errors import AuthenticationFailed, ConnectionIdentifierRejected
from netvisor.models import (
    AccountChart,
    AccountingPeriods,
    ConnectionGrant,
    LedgerVoucher,
    Payment,
    PaymentStatus,
    Voucher,
    VoucherType,
)
from netvisor.resources import MAX_LEDGER_KEYS, RESOURCES
from netvisor.response import CallInfo, RawResponse, inserted_identifier, malformed, parse_envelope
from netvisor.transport import RequestsTransport, Transport
from netvisor.xmlparse import Element

T = TypeVar("T")


def reading(parse: Callable[[Element], T]) -> Callable[[RawResponse, CallInfo], T]:
    """A response handler: check the envelope, then convert with ``parse``."""

    def handle(raw: RawResponse, info: CallInfo) -> T:
        root = parse_envelope(raw, info)
        try:
            return parse(root)
        except (ValueError, TypeError) as exc:
            raise malformed(f"unexpected response content: {exc}", raw, info) from None

    return handle


def inserted_key(raw: RawResponse, info: CallInfo) -> int:
    """Handler for writes that answer ``Replies/InsertedDataIdentifier``."""
    return inserted_identifier(parse_envelope(raw, info), raw, info)


class NetvisorClient:
    """Client for one company (organisation) of one Netvisor customer.

    ``transport`` defaults to a requests-based transport built from ``config``; ``clock`` must
    return timezone-aware datetimes (default: now in UTC).
    """

    def __init__(
        self,
        config: ClientConfig,
        partner: PartnerCredentials,
        customer: CustomerCredentials,
        *,
        transport: Transport | None = None,
        clock: Clock | None = None,
        transaction_ids: Callable[[], str] | None = None,
    ) -> None:
        identity = Identity(customer.customer_id, customer.customer_key, customer.organisation_id)
        self._owns_transport = transport is None
        self._caller = Caller(
            config, partner, identity, transport=transport, clock=clock, transaction_ids=transaction_ids
        )

    def __repr__(self) -> str:
        return f"NetvisorClient({self._caller!r})"

    def close(self) -> None:
        """Close the transport if this client created it."""
        if self._owns_transport and isinstance(self._caller.transport, RequestsTransport):
            self._caller.transport.close()

    def __enter__(self) -> NetvisorClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- writes ------------------------------------------------------------------------------

    def post_voucher(self, voucher: Voucher) -> int:
        """Post one voucher to ``accounting.nv``; returns its NetvisorKey.

        Raises ``InvalidData`` (unknown account, VAT code/rate mismatch, ...), ``PeriodLocked``,
        ``PermissionMissing`` (right "accounting"), ``AuthenticationFailed``, ``Maintenance``/
        ``TechnicalError``/``TransportError`` (retryable: nothing was stored) and
        ``OutcomeUnknown`` or any error with ``maybe_applied`` (the voucher may exist).
        NOT safe to repeat blindly: look the voucher up with :meth:`get_ledger` first.
        ``ValueError`` for vouchers that cannot be expressed (e.g. amounts with 3 decimals).
        """
        body = xmlbuild.voucher_xml(voucher)
        return self._caller.execute("POST", RESOURCES["accounting"], inserted_key, body=body)

    def post_payment(self, payment: Payment) -> int:
        """Import one outgoing payment to ``payment.nv``; returns the payment id.

        Raises ``InvalidData`` (bad IBAN/BIC, ...), ``PermissionMissing`` (right "payment") and the
        same transport errors as :meth:`post_voucher`. NOT safe to repeat blindly after
        ``OutcomeUnknown``: the payment may exist and would be paid twice.
        """
        body = xmlbuild.payment_xml(payment)
        return self._caller.execute("POST", RESOURCES["payment"], inserted_key, body=body)

    # --- reads -------------------------------------------------------------------------------

    def get_ledger(
        self,
        *,
        netvisor_keys: Iterable[int] | None = None,
        start: date | None = None,
        end: date | None = None,
        include_invalidated: bool = False,
    ) -> list[LedgerVoucher]:
        """Read vouchers from ``accountingledger.nv`` by NetvisorKey or by voucher date range.

        Give either ``netvisor_keys`` (any number; sent 500 per call) or both ``start`` and
        ``end``. ``include_invalidated`` (date range only) also returns invalidated/deleted
        vouchers. Raises ``PermissionMissing`` (right "accounting") and the transport errors.
        Safe to repeat.
        """
        if netvisor_keys is not None:
            if start is not None or end is not None or include_invalidated:
                raise ValueError("netvisor_keys cannot be combined with other filters")
            return self._ledger_by_keys(list(netvisor_keys))
        if start is None or end is None:
            raise ValueError("give netvisor_keys or both start and end")
        if end < start:
            raise ValueError("end is before start")
        params = [("startdate", start.isoformat()), ("enddate", end.isoformat())]
        if include_invalidated:
            params.append(("voucherstatus", "1"))
        return self._ledger(params)

    def _ledger_by_keys(self, keys: Sequence[int]) -> list[LedgerVoucher]:
        vouchers: list[LedgerVoucher] = []
        for offset in range(0, len(keys), MAX_LEDGER_KEYS):
            chunk = keys[offset : offset + MAX_LEDGER_KEYS]
            vouchers += self._ledger([("netvisorkeylist", ",".join(str(int(k)) for k in chunk))])
        return vouchers

    def _ledger(self, params: list[tuple[str, str]]) -> list[LedgerVoucher]:
        return self._caller.execute("GET", RESOURCES["accountingledger"], reading(parsers.parse_ledger), params=params)

    def list_voucher_types(self) -> list[VoucherType]:
        """All voucher types of the company (``vouchertypelist.nv``). Safe to repeat.

        Raises ``PermissionMissing`` (right "accounting") and the transport errors.
        """
        return self._caller.execute("GET", RESOURCES["vouchertypelist"], reading(parsers.parse_voucher_types))

    def check_connection(self) -> None:
        """A cheap authenticated read; raises ``AuthenticationFailed``/``PermissionMissing``/...
        when the credentials or the "accounting" right do not work. Safe to repeat."""
        self.list_voucher_types()

    def iter_dimensions(self, show_hidden: bool = True) -> Iterator[DimensionRecord]:
        """Stream ``dimensionlist.nv``: each ``Dimension`` header, followed by its ``DimensionItem``s.

        The HTTP call and the ``ResponseStatus`` check happen now (typed errors such as
        ``PermissionMissing`` with right "dimensionlist" raise here); items are parsed lazily
        with flat memory use. A ``MalformedResponse`` from the iterator means the document broke
        off: discard what was read. Safe to repeat.
        """
        params = [("showhidden", "1")] if show_hidden else []
        return self._caller.execute("GET", RESOURCES["dimensionlist"], stream_dimensions, params=params)

    def list_accounts(self) -> AccountChart:
        """Chart of accounts and company default accounts (``accountlist.nv``). Safe to repeat.

        Raises ``PermissionMissing`` (right "accounting") and the transport errors.
        """
        return self._caller.execute("GET", RESOURCES["accountlist"], reading(parsers.parse_account_chart))

    def get_accounting_periods(self) -> AccountingPeriods:
        """Lock dates and accounting periods (``accountingperiodlist.nv``). Safe to repeat.

        Raises ``PermissionMissing`` (right "accounting") and the transport errors.
        """
        return self._caller.execute("GET", RESOURCES["accountingperiodlist"], reading(parsers.parse_accounting_periods))

    def get_unprocessed_payments(self, ids: Iterable[int]) -> list[PaymentStatus]:
        """Bank status of imported payments (``unprocessedoutgoingpayments.nv``). Safe to repeat.

        Payments the bank has not reported on yet are simply absent from the result.
        Raises ``PermissionMissing`` (right "payment") and the transport errors.
        """
        id_list = ",".join(str(int(i)) for i in ids)
        if not id_list:
            return []
        return self._caller.execute(
            "GET",
            RESOURCES["unprocessedoutgoingpayments"],
            reading(parsers.parse_payment_statuses),
            params=[("idlist", id_list)],
        )


def exchange_connection_identifier(
    config: ClientConfig,
    partner: PartnerCredentials,
    identifier: str,
    *,
    transport: Transport | None = None,
    clock: Clock | None = None,
    transaction_ids: Callable[[], str] | None = None,
) -> ConnectionGrant:
    """Exchange a one-time connection identifier for API keys (modelled flow, see below).

    Netvisor does not publish this flow; we model it as ``POST connectionidentifier.nv`` signed
    like any call, with the identifier in the CustomerId header, an empty CustomerKey (HMAC key
    ``"&" + PartnerKey``) and an empty Organisation-ID (the company comes back in the answer).
    Raises ``ConnectionIdentifierRejected`` for an unknown, used or expired identifier. NOT safe
    to repeat after ``OutcomeUnknown``: the identifier is single-use, so ask the user for a new one.
    """
    identity = Identity(customer_id=identifier, customer_key="", organisation_id="")
    caller = Caller(config, partner, identity, transport=transport, clock=clock, transaction_ids=transaction_ids)
    body = xmlbuild.connection_identifier_xml(identifier)
    try:
        return caller.execute(
            "POST", RESOURCES["connectionidentifier"], reading(parsers.parse_connection_grant), body=body
        )
    except AuthenticationFailed as exc:
        if isinstance(exc, ConnectionIdentifierRejected):
            raise
        raise ConnectionIdentifierRejected(
            exc.message, code=exc.code, netvisor_text=exc.netvisor_text,
            transaction_id=exc.transaction_id, http_status=exc.http_status,
        ) from exc  # fmt: skip
    finally:
        if transport is None and isinstance(caller.transport, RequestsTransport):
            caller.transport.close()
