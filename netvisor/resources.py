"""Resource paths, the right each one needs, and URL construction.

Kept in one table so a change in Netvisor's partner documentation is a one-line edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

RESOURCES: dict[str, str] = {
    "accounting": "accounting.nv",
    "accountingledger": "accountingledger.nv",
    "vouchertypelist": "vouchertypelist.nv",
    "accountlist": "accountlist.nv",
    "accountingperiodlist": "accountingperiodlist.nv",
    "dimensionlist": "dimensionlist.nv",
    "payment": "payment.nv",
    "unprocessedoutgoingpayments": "unprocessedoutgoingpayments.nv",
    # Modelled exchange of the one-time "identifier for connecting external software".
    "connectionidentifier": "connectionidentifier.nv",
}

# Which "API resource access right" the company must grant for each path. A missing right comes
# back as SERVICE_ACCESS_ERROR; naming the right lets the service tell an admin exactly what to
# switch on.
REQUIRED_RIGHT: dict[str, str] = {
    "accounting.nv": "accounting",
    "accountingledger.nv": "accounting",
    "vouchertypelist.nv": "accounting",
    "accountlist.nv": "accounting",
    "accountingperiodlist.nv": "accounting",
    "dimensionlist.nv": "dimensionlist",
    "payment.nv": "payment",
    "unprocessedoutgoingpayments.nv": "payment",
}

KNOWN_RIGHTS: frozenset[str] = frozenset(REQUIRED_RIGHT.values())

# Netvisor caps netvisorkeylist at 500 keys per accountingledger.nv call.
MAX_LEDGER_KEYS = 500


def right_for(path: str) -> str | None:
    """The right a resource path needs (case-insensitive), or None for unlisted paths."""
    return REQUIRED_RIGHT.get(path.lower())


def encode_query(params: Iterable[tuple[str, str]]) -> str:
    """``k=v&k2=v2`` with every value percent-encoded (so the signed URL is pure ASCII)."""
    return "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in params)


def build_url(base_url: str, path: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """The exact URL that is both signed and sent; no trailing ``?`` without a query."""
    query = encode_query(params)
    url = f"{base_url.rstrip('/')}/{path}"
    return f"{url}?{query}" if query else url
