"""One Netvisor call of a job: its attempt row committed first, its outcome recorded after."""

from collections.abc import Callable
from typing import TypeVar

from companies.integration import gateway
from companies.models import NetvisorConnection
from jobs.attempts import finish_attempt, finish_with, start_attempt, transaction_ids
from jobs.decisions import decide
from jobs.models import Attempt
from netvisor import NetvisorClient

T = TypeVar("T")


def call_recorded(
    connection: NetvisorConnection,
    operation: Callable[[NetvisorClient], T],
    *,
    job_kind: str,
    job_id: int,
    resource: str,
    write: bool,
) -> T:
    """Run ``operation`` through the gateway with an attempt row around it.

    The attempt commits before the call; the outcome is written after it, as the decision table
    reads the error (``write`` says whether the call could store something). Re-raises the error.
    """
    attempt = start_attempt(company_id=connection.company_id, job_kind=job_kind, job_id=job_id, resource=resource)
    try:
        result = gateway.call_netvisor(connection, operation, transaction_ids=transaction_ids(attempt))
    except BaseException as exc:
        finish_with(attempt, decide(exc, write=write))
        raise
    finish_attempt(attempt, Attempt.Outcome.OK)
    return result
