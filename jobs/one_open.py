"""At most one open job per company: queue a new one, or hand back the one that is open.

Connection jobs and cost center fetches both work this way, so the rule is written once here:

* The database holds the guarantee, not this code: the job model has a partial unique constraint
  on ``company`` over its open states. Of any number of callers inserting at once, one commits
  its row; every other INSERT fails with ``IntegrityError`` (on PostgreSQL it first waits for the
  winner's transaction to end) and that caller returns the winner's row. No row lock is taken.
* A job that lost its worker (lease ran out) or its task message (``jobs.leases.lost``) is open,
  so it would refuse every new one forever; it is sent to its task again and returned as the
  open one. Two callers may both send it: harmless, because the task's claim is a conditional
  UPDATE that only one worker wins.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from jobs import leases
from jobs.models import LeasedJob

Job = TypeVar("Job", bound=LeasedJob)
# Queues a job's task by primary key; for `queue` it must wait for the commit (``Task.delay_on_commit``).
Send = Callable[[int], object]
# How often `queue` tries again when the open job it was refused by ended before it could be read.
ATTEMPTS = 3


class OpenJobKeptEnding(RuntimeError):
    """Every insert was refused, yet each time the open job had ended before it could be read."""


@dataclass(frozen=True)
class OneOpenPerCompany(Generic[Job]):
    """The rule for one job model: which states are open, which mean queued and running."""

    model: type[Job]
    open_states: Collection[str]
    queued: str
    running: str

    def open_job(self, company_id: int) -> Job | None:
        """The company's open job, if any (at most one exists)."""
        return self._jobs().filter(company_id=company_id, state__in=self.open_states).first()

    def lost(self) -> Q:
        return leases.lost(queued=self.queued, running=self.running)

    def queue(self, *, company_id: int, create: Callable[[], Job], send: Send) -> tuple[Job, bool]:
        """The company's open job and whether this call created it.

        A lost job is sent again and returned. Otherwise ``create()`` runs in one transaction
        (with what must commit with the row, e.g. its audit entry) and ``send`` is given the new
        row's pk in the same transaction, so the task starts only after the commit. Safe to
        repeat. Raises :class:`OpenJobKeptEnding` in the rare race it names, and whatever
        ``create`` raises besides the constraint's ``IntegrityError``.
        """
        lost = self._jobs().filter(self.lost(), company_id=company_id).first()
        if lost is not None:
            send(lost.pk)
            return lost, False
        for _attempt in range(ATTEMPTS):
            try:
                with transaction.atomic():
                    job = create()
                    send(job.pk)
                return job, True
            except IntegrityError:  # the partial unique constraint: one is open already
                existing = self.open_job(company_id)
                if existing is not None:
                    return existing, False
        raise OpenJobKeptEnding(f"could not queue a {self.model.__name__}: the open one kept finishing in between")

    def requeue_lost(self, *, send: Send) -> int:
        """The sweeper's part: send every lost job (of any company) to its task again; how many."""
        lost = list(self._jobs().filter(self.lost()).values_list("pk", flat=True))
        for job_id in lost:
            send(job_id)
        return len(lost)

    def _jobs(self) -> QuerySet[Job]:
        return self.model._default_manager.all()
