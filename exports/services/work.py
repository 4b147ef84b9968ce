"""One batch of a company's lane: recover, read back, send vouchers, then payments."""

import logging
import threading
import time

from django.utils.translation import gettext as _

from companies.integration.locks import netvisor_call_lock
from companies.models import NetvisorConnection
from exports.models import VoucherExport
from exports.services import payments, readback, sending
from exports.services.context import BatchContext, VoucherTypeGone, read_context
from exports.services.lanes import BATCH
from exports.services.marking import fail_due_vouchers, pause_open_work, postpone_due_work
from jobs.decisions import Action, decide
from jobs.texts import in_every_language

logger = logging.getLogger(__name__)


def work_batch(*, company_id: int, token: str, lost: threading.Event, deadline: float) -> int:
    """Everything due for one company, up to one batch. Returns how many rows it handled."""
    readback.recover_orphans(company_id=company_id, token=token)
    connection = NetvisorConnection.objects.filter(company_id=company_id).first()
    if connection is None or connection.is_paused:
        pause_open_work(company_id)
        return 0
    # The organisation's Netvisor lock for the whole batch (spec 13.10): a worker that takes this
    # lane over after us reads back only once every post of ours has ended, so it sees them all.
    with netvisor_call_lock(connection.organisation_id):
        return _work_connected(connection, company_id, token, lost, deadline)


def _work_connected(
    connection: NetvisorConnection, company_id: int, token: str, lost: threading.Event, deadline: float
) -> int:
    context = _context(connection, company_id)
    if context is None:
        return 0
    handled = readback.read_back_unknown(context, token=token)
    for row in sending.due_vouchers(company_id, limit=BATCH):
        if lost.is_set() or time.monotonic() > deadline:
            return handled + 1  # more remains: the lane queues itself again
        outcome = sending.send_voucher(row, context, token=token)
        handled += 1
        if outcome is Action.PAUSE:
            pause_open_work(company_id)
            return handled
    handled += readback.read_back_unknown(context, token=token)
    readback.confirm_numbers(context)
    if not VoucherExport.objects.filter(company_id=company_id, state__in=VoucherExport.OPEN_STATES).exists():
        handled += _payments(context, token, lost, deadline)
    return handled


def _context(connection: NetvisorConnection, company_id: int) -> BatchContext | None:
    """Read what the batch needs; when that fails, the decision table says what waits and how."""
    try:
        return read_context(connection, lane_id=connection.company.export_lane.pk)
    except VoucherTypeGone as gone:
        name = str(gone)
        fail_due_vouchers(company_id, in_every_language(lambda: voucher_type_gone_message(name)))
    except Exception as exc:  # every other ending goes through the decision table
        decision = decide(exc, write=False)
        if decision.action is Action.PAUSE:
            pause_open_work(company_id)
        elif decision.action is Action.FAIL:
            fail_due_vouchers(company_id, decision.texts, decision.netvisor_text)
        else:
            postpone_due_work(company_id)
        logger.info("export of company %s waits: %s", company_id, decision.message)
    return None


def voucher_type_gone_message(name: str) -> str:
    return _(
        "The voucher type “%(type)s” no longer exists in Netvisor. Choose another under Change credentials, then retry."
    ) % {"type": name}


def _payments(context: BatchContext, token: str, lost: threading.Event, deadline: float) -> int:
    if not context.settings.payments_enabled:
        return 0
    handled = payments.create_payments(context)
    for row in payments.due_payments(context.connection.company_id, limit=BATCH):
        if lost.is_set() or time.monotonic() > deadline:
            return handled + 1
        outcome = payments.send_payment(row, context, token=token)
        handled += 1
        if outcome is Action.PAUSE:
            pause_open_work(context.connection.company_id)
            return handled
    payments.follow_payments(context)
    return handled
