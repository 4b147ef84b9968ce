"""How a service says no, in every app: one typed error that the pages and the API show alike.

A ``Refusal`` names the input ``field`` it is about (``NON_FIELD_ERRORS`` for the request as a whole), the
``text`` the person reads and a machine-readable ``code``. A page puts it next to that field
(``form.add_error``); the API answers 400 with ``{field: [text]}`` (``bezala.api_errors``). A ``Conflict``
says that someone else changed the object first: the page shows it above the form, the API answers 409.

Both are Django ``ValidationError``s keyed by field, so code that catches ``ValidationError`` keeps working.
This module lives in the project package, not in an app, so that every app's services may raise it without
importing another app; it imports nothing but Django.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

if TYPE_CHECKING:  # the stubs are a development tool, not installed in production
    from django_stubs_ext import StrOrPromise


class Refusal(ValidationError):
    """The input in ``field`` cannot be accepted; ``text`` says why, to the person who sent it."""

    # Not ``message``: ``ValidationError`` reads that name as "a single error without a field".
    field: str
    text: StrOrPromise
    code: str

    def __init__(self, field: str, text: StrOrPromise, code: str = "invalid") -> None:
        super().__init__({field: ValidationError(text, code=code)})
        self.field, self.text, self.code = field, text, code

    def __reduce__(self) -> tuple[Any, ...]:
        # Copied and pickled from its state: subclasses take other arguments than the ``args`` Django keeps.
        return (type(self).__new__, (type(self),), self.__dict__)


class Conflict(Refusal):
    """The object is no longer in the state the caller saw: someone else changed it first. Reloading helps."""

    def __init__(self, text: StrOrPromise) -> None:
        super().__init__(NON_FIELD_ERRORS, text, code="conflict")
