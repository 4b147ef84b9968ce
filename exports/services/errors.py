from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS

from bezala.refusals import Refusal
from jobs.texts import in_every_language, shown

if TYPE_CHECKING:  # the stubs are a development tool, not installed in production
    from django_stubs_ext import StrOrPromise


class ExportRefused(Refusal):
    """An action on the export that cannot be done as asked; the message is for the person who asked."""

    def __init__(self, message: StrOrPromise, field: str = NON_FIELD_ERRORS) -> None:
        super().__init__(field, message)


class VoucherNotBuildable(Exception):
    """The expenses of a voucher cannot be turned into a voucher Netvisor would take (missing account, ...).

    ``build`` makes the message; it is kept in every language, for the admin who reads it later.
    """

    def __init__(self, build: Callable[[], str]) -> None:
        self.texts = in_every_language(build)
        super().__init__(shown(self.texts))
