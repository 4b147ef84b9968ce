"""Attempt rows: written and committed before a Netvisor call, completed after it."""

from collections.abc import Callable, Iterator

from django.utils import timezone

from jobs.decisions import Decision
from jobs.models import Attempt
from jobs.texts import Texts, message_fields
from netvisor.signing import new_transaction_id


def start_attempt(*, company_id: int | None, job_kind: str, job_id: int, resource: str) -> Attempt:
    """The attempt row, with the transaction id the call will carry.

    It must be committed before the call: on its own (outside a transaction), or in the
    transaction that claims the job's row, which the caller commits before calling. A row that
    committed only with the call's outcome could not tell, after a crash, that a call was made.
    """
    return Attempt.objects.create(
        company_id=company_id,
        job_kind=job_kind,
        job_id=job_id,
        resource=resource,
        transaction_id=new_transaction_id(),
    )


def transaction_ids(attempt: Attempt) -> Callable[[], str]:
    """For ``NetvisorClient(transaction_ids=…)``: the attempt's id first, fresh ones after it."""
    ids: Iterator[str] = iter([attempt.transaction_id])
    return lambda: next(ids, None) or new_transaction_id()


def finish_attempt(attempt: Attempt, outcome: str, *, texts: Texts | None = None, netvisor_text: str = "") -> None:
    """Record how the call ended; call it inside the transaction that records the job's new state."""
    message = message_fields(texts or {})
    attempt.outcome, attempt.netvisor_text, attempt.finished_at = outcome, netvisor_text, timezone.now()
    Attempt.objects.filter(pk=attempt.pk).update(
        outcome=outcome, netvisor_text=netvisor_text, finished_at=attempt.finished_at, **message
    )


def finish_with(attempt: Attempt, decision: Decision) -> None:
    finish_attempt(attempt, str(decision.action), texts=decision.texts, netvisor_text=decision.netvisor_text)
