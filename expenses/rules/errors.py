"""Errors raised by the Finnish expense rules.

Every error names the input field it is about (``field``) and says why (``reason``), so a form can show
the message next to the right field. All of them are ``ValueError`` subclasses.
"""

from __future__ import annotations


class RuleError(ValueError):
    """Base class: an input broke a rule. ``str(err)`` is ``"<field>: <reason>"``."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class InvalidAmount(RuleError):
    """A money amount, rate, percentage or distance is out of range or has too many decimals."""


class RateNotAvailable(RuleError):
    """No rate is known for the given date (or country); the message names the date."""


class InvalidTrip(RuleError):
    """Trip data are inconsistent: times in the wrong order, too long, bad day list, bad option."""
