"""One table from every error a Netvisor call can end in to what the job does next.

Features never decide this at their call sites: the cost-center fetch, the Store activation
and the exports all ask :func:`decide`, so one Netvisor answer means the same everywhere.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from companies.integration.gateway import ConnectionPaused, NotConnected
from companies.integration.messages import describe
from jobs.texts import Texts, in_every_language
from netvisor import (
    AuthenticationFailed,
    ConnectionIdentifierRejected,
    DuplicateData,
    InvalidData,
    MalformedResponse,
    NetvisorError,
    OutcomeUnknown,
    PeriodLocked,
    PermissionMissing,
    RequestNotUnique,
)

# Retries of one job before it fails for good, and the longest wait between two of them.
MAX_ATTEMPTS = 8
MAX_DELAY = timedelta(minutes=15)


class Action(StrEnum):
    RETRY = "retry"  # nothing was stored; send again after a backoff
    READ_BACK = "read_back"  # a write may have been stored: look it up before sending again
    PAUSE = "pause"  # credentials expired: wait for an admin's Update, lose nothing
    FAIL = "fail"  # permanent: an admin must change something first


@dataclass(frozen=True)
class Decision:
    action: Action
    message: str  # for the admin, in the active language
    netvisor_text: str = ""
    locked_period: bool = False
    texts: Texts = field(default_factory=dict)  # the message in every language, for rows read later

    def reworded(self, build: Callable[[str], str]) -> "Decision":
        """The same decision with its message wrapped, e.g. "Netvisor kept failing: <message>"."""
        texts = in_every_language(lambda: build(self.texts.get(translation.get_language() or "", self.message)))
        return replace(self, message=build(self.message), texts=texts)


def decide(exc: BaseException, *, write: bool) -> Decision:
    """What to do after ``exc`` ended a call; ``write`` says whether the call could store something."""
    decision = _decide(exc, write=write)
    return replace(decision, texts=in_every_language(lambda: _decide(exc, write=write).message))


def _decide(exc: BaseException, *, write: bool) -> Decision:
    if isinstance(exc, ConnectionIdentifierRejected):  # single-use: a new identifier is needed
        return Decision(Action.FAIL, describe(exc), _text(exc))
    if isinstance(exc, ConnectionPaused | AuthenticationFailed):
        return Decision(Action.PAUSE, _paused(), _text(exc))
    if isinstance(exc, NotConnected):
        return Decision(Action.FAIL, _not_connected())
    if not isinstance(exc, NetvisorError):
        # A crash or a time limit in the middle of a write: it may have reached Netvisor.
        action = Action.READ_BACK if write else Action.RETRY
        if isinstance(exc, SoftTimeLimitExceeded):
            return Decision(action, _too_slow())
        return Decision(action, _unexpected())
    return _netvisor_decision(exc, write=write)


def _netvisor_decision(exc: NetvisorError, *, write: bool) -> Decision:
    text = _text(exc)
    if write and (exc.maybe_applied or isinstance(exc, OutcomeUnknown)):
        return Decision(Action.READ_BACK, describe(exc), text)
    if isinstance(exc, PeriodLocked):
        return Decision(Action.FAIL, describe(exc), text, locked_period=True)
    if isinstance(exc, PermissionMissing | InvalidData | DuplicateData):
        return Decision(Action.FAIL, describe(exc), text)
    if isinstance(exc, MalformedResponse | RequestNotUnique) or exc.retryable:
        return Decision(Action.RETRY, describe(exc), text)
    return Decision(Action.FAIL, describe(exc), text)


def backoff(attempt: int, *, rng: random.Random | None = None) -> timedelta:
    """How long to wait before retry number ``attempt`` (1-based): exponential with full jitter."""
    base = timedelta(seconds=settings.JOBS_RETRY_BASE_SECONDS)
    factor: int = 2 ** max(0, attempt - 1)  # typeshed: int ** int is Any (a negative power is a float)
    ceiling = min(MAX_DELAY, base * factor)
    share = (rng or random).uniform(0.5, 1.0)  # never 0: a retry storm is what backoff prevents
    return ceiling * share


def exhausted(attempt: int) -> bool:
    return attempt >= MAX_ATTEMPTS


def _text(exc: BaseException) -> str:
    return (getattr(exc, "netvisor_text", None) or "") if isinstance(exc, NetvisorError) else ""


def _paused() -> str:
    return _(
        "Netvisor no longer accepts this company's credentials. The work continues by itself after an admin "
        "updates them under Change credentials."
    )


def _not_connected() -> str:
    return _("Connect the company to Netvisor first, then try again.")


def _too_slow() -> str:
    return _("The work took too long and was stopped.")


def _unexpected() -> str:
    return _("The work stopped because of an unexpected error.")
