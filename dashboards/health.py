"""How a company's link to Netvisor and its accounting export are doing, in at most 4 queries."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q

from companies.models import Company, NetvisorConnection
from exports.models import PaymentExport, VoucherExport
from exports.selectors import payments_needing_attention

OK, WARN, ERROR = "ok", "warn", "err"


@dataclass(frozen=True)
class ExportHealth:
    connection_state: str
    connection_label: str
    # Connected, but Netvisor reported a problem or a right is missing (shown in Company Settings).
    connection_needs_attention: bool
    vouchers_needing_attention: int
    vouchers_in_progress: int
    payments_needing_attention: int
    last_voucher_at: datetime | None
    last_payment_at: datetime | None
    # ok, warn or err: the one word the page colours the box with.
    status: str


def export_health(*, company: Company) -> ExportHealth:
    """The Netvisor connection's state, the exports an admin must look at, and when the last ones went through."""
    # Through the company, so the page's Netvisor banner (companies.context_processors) reads it from there.
    connection = getattr(company, "netvisor", None)
    state = connection.state if connection else NetvisorConnection.State.NOT_CONNECTED
    vouchers = VoucherExport.objects.filter(company=company).aggregate(
        attention=Count("pk", filter=Q(state__in=VoucherExport.NEEDS_ATTENTION)),
        in_progress=Count("pk", filter=Q(state__in=VoucherExport.OPEN_STATES)),
        last=Max("sent_at", filter=Q(state=VoucherExport.State.SENT)),
    )
    paid_or_sent = Q(state__in=(PaymentExport.State.SENT, PaymentExport.State.PAID))
    last_payment = PaymentExport.objects.filter(paid_or_sent, company=company).aggregate(last=Max("sent_at"))["last"]
    payments_attention = payments_needing_attention(company).count()
    needs_attention = bool(connection and connection.is_connected and connection.needs_attention)
    return ExportHealth(
        connection_state=state,
        connection_label=str(NetvisorConnection.State(state).label),
        connection_needs_attention=needs_attention,
        vouchers_needing_attention=vouchers["attention"],
        vouchers_in_progress=vouchers["in_progress"],
        payments_needing_attention=payments_attention,
        last_voucher_at=vouchers["last"],
        last_payment_at=last_payment,
        status=_status(state, needs_attention or bool(vouchers["attention"] or payments_attention)),
    )


def _status(state: str, problems: bool) -> str:
    if state == NetvisorConnection.State.EXPIRED:
        return ERROR
    if state != NetvisorConnection.State.CONNECTED or problems:
        return WARN
    return OK
