"""What every resource handler gets, and small parsers shared by them."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

from netvisor_sandbox.auth import Caller
from netvisor_sandbox.errors import invalid
from netvisor_sandbox.models import SandboxOrganisation
from netvisor_sandbox.xmlio import Node

_ANSI_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_FINNISH_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")


@dataclass
class Call:
    caller: Caller
    # Query parameter names lower-cased: Netvisor treats `StartDate` and `startdate` alike.
    query: dict[str, str]
    body: Node | None
    base_url: str
    environ: dict[str, object] = field(default_factory=dict)

    @property
    def organisation(self) -> SandboxOrganisation:
        return self.caller.organisation


Handler = Callable[[Call], list[etree._Element]]


@dataclass(frozen=True)
class Resource:
    name: str
    method: str
    # The right on the "API resource access rights" page this resource needs; None for the connection step.
    right: str | None
    handler: Handler
    connection_flow: bool = False


def parse_ansi_date(text: str, element: str) -> date:
    """`2024-05-31` or `2009-1-1` as in Netvisor's own examples."""
    value = text.strip()
    try:
        if not _ANSI_DATE.match(value):
            raise ValueError(value)
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise invalid(
            f"Elementin <{element}> päivämäärä ei kelpaa (YYYY-MM-DD): {text}",
            f"<{element}> is not a valid date (YYYY-MM-DD): {text}",
        ) from exc


def parse_any_date(text: str, element: str) -> date:
    """ANSI or the Finnish `31.12.2024`, which payment.nv's due date also takes."""
    value = text.strip()
    if _FINNISH_DATE.match(value):
        try:
            return datetime.strptime(value, "%d.%m.%Y").date()
        except ValueError:
            pass
    return parse_ansi_date(value, element)


def parse_bool(text: str, element: str) -> bool:
    value = text.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0", ""):
        return False
    raise invalid(f"Elementin <{element}> arvo ei kelpaa: {text}", f"<{element}> must be true or false: {text}")


def check_length(text: str, limit: int, element: str) -> str:
    if len(text) > limit:
        raise invalid(
            f"Elementin <{element}> enimmäispituus on {limit} merkkiä",
            f"<{element}> may be at most {limit} characters long",
        )
    return text


def key_list(text: str, parameter: str, limit: int) -> list[int]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or not all(part.isdigit() for part in parts):
        raise invalid(f"Parametri {parameter} ei kelpaa: {text}", f"Parameter {parameter} is not valid: {text}")
    if len(parts) > limit:
        raise invalid(
            f"Parametrissa {parameter} saa olla enintään {limit} tunnistetta",
            f"Parameter {parameter} takes at most {limit} identifiers",
        )
    return [int(part) for part in parts]
