"""MAC calculation and request headers (pure functions, no I/O).

The MAC covers these fields joined by a single ``&`` with no escaping:
URL, Sender, CustomerId, Timestamp, Language, OrganisationId, TransactionId, [TimestampUnix,]
CustomerKey, PartnerKey. TimestampUnix is part of the message only for HMACSHA256; for HMACSHA256
the HMAC key is ``CustomerKey & PartnerKey`` (so the keys appear twice). Legacy SHA256 and MD5 hash
the nine-field message directly. Output is lower-case hex.

The string is encoded as ISO-8859-15, which is what Netvisor's own page asks for. Because clients
disagree on that encoding, everything that also travels in a header (Sender, CustomerId, Language,
Organisation ID, ...) must be ASCII: then every plausible server-side encoding gives the same bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from netvisor.errors import InvalidSignedField

MAC_ENCODING = "iso-8859-15"
HEADER_PREFIX = "X-Netvisor-"
POST_CONTENT_TYPE = "text/xml; charset=utf-8"
_AUTH = HEADER_PREFIX + "Authentication-"
# The names of sign()'s header-carried arguments, in the MAC's order.
_VISIBLE_FIELDS = (
    "url", "sender", "customer_id", "timestamp", "language", "organisation_id", "transaction_id", "timestamp_unix",
)  # fmt: skip


def format_timestamp(dt: datetime) -> str:
    """Netvisor's "ANSI" UTC timestamp ``YYYY-MM-DD HH:MM:SS.mmm``; ``dt`` must be timezone-aware."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("timestamp must be timezone-aware (naive datetimes are ambiguous)")
    utc = dt.astimezone(UTC)
    # One %-format: half the cost of strftime or of an f-string with seven format specs, and no C locale.
    return "%04d-%02d-%02d %02d:%02d:%02d.%03d" % (  # noqa: UP031
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond // 1000,
    )  # fmt: skip


def format_timestamp_unix(dt: datetime) -> str:
    """Whole seconds since the epoch, from the same instant as :func:`format_timestamp`."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("timestamp must be timezone-aware (naive datetimes are ambiguous)")
    return str(int(dt.timestamp()))


def new_transaction_id() -> str:
    """A fresh id for one request: 32 lower-case hex characters. Never reuse one, even on retry.

    The shape of ``uuid4().hex`` that spec 2.6 recommends, with all 128 bits random; Netvisor only
    needs it unique. ``secrets`` rather than ``uuid4()``: building a UUID object cost more than the
    whole signature in the build-and-sign benchmark.
    """
    return secrets.token_hex(16)


def mac_message(
    *,
    url: str,
    sender: str,
    customer_id: str,
    timestamp: str,
    language: str,
    organisation_id: str,
    transaction_id: str,
    timestamp_unix: str,
    customer_key: str,
    partner_key: str,
    algorithm: str,
) -> str:
    """The joined string that is hashed (contains the keys: never log it)."""
    visible = (url, sender, customer_id, timestamp, language, organisation_id, transaction_id, timestamp_unix)
    return _joined(visible, customer_key, partner_key, algorithm)


def compute_mac(
    message: str, *, customer_key: str, partner_key: str, algorithm: str, encoding: str = MAC_ENCODING
) -> str:
    """Hash a :func:`mac_message` string; no ASCII policy here (see :func:`sign`)."""
    data = _encode(message, encoding, "MAC message")
    if algorithm == "HMACSHA256":
        key = _encode(f"{customer_key}&{partner_key}", encoding, "customer/partner key")
        # hmac.digest is the one-shot C path: same result as hmac.new(...).hexdigest(), less overhead.
        return hmac.digest(key, data, "sha256").hex()
    if algorithm == "SHA256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "MD5":
        # Legacy Netvisor algorithm; not used for security decisions of our own.
        return hashlib.md5(data, usedforsecurity=False).hexdigest()
    raise ValueError(f"unknown MAC algorithm {algorithm!r}")


def sign(
    url: str,
    sender: str,
    customer_id: str,
    timestamp: str,
    language: str,
    organisation_id: str,
    transaction_id: str,
    timestamp_unix: str,
    customer_key: str,
    partner_key: str,
    algorithm: str,
) -> str:
    """The MAC for one request, over the exact URL string that goes on the wire.

    Raises :class:`InvalidSignedField` if a header-carried field is not ASCII or a key cannot be
    encoded as ISO-8859-15. The error never contains a key.
    """
    visible = (url, sender, customer_id, timestamp, language, organisation_id, transaction_id, timestamp_unix)
    # One scan over the fields together; only a refusal looks for the field to name.
    if not "".join(visible).isascii():
        for name, value in zip(_VISIBLE_FIELDS, visible, strict=True):
            if not value.isascii():
                raise InvalidSignedField(f"{name} must be ASCII to be signed unambiguously: {value!r}")
    message = _joined(visible, customer_key, partner_key, algorithm)
    return compute_mac(message, customer_key=customer_key, partner_key=partner_key, algorithm=algorithm)


def macs_equal(a: str, b: str) -> bool:
    """Constant-time comparison, ignoring hex case (Netvisor's sample emits upper case)."""
    return hmac.compare_digest(a.lower().encode("ascii"), b.lower().encode("ascii"))


def build_headers(
    *,
    url: str,
    method: str,
    sender: str,
    partner_id: str,
    customer_id: str,
    customer_key: str,
    partner_key: str,
    organisation_id: str,
    language: str,
    algorithm: str,
    now: datetime,
    transaction_id: str,
) -> dict[str, str]:
    """Every ``X-Netvisor-*`` header for one request, MAC included."""
    timestamp = format_timestamp(now)
    timestamp_unix = format_timestamp_unix(now)
    mac = sign(
        url, sender, customer_id, timestamp, language, organisation_id, transaction_id,
        timestamp_unix, customer_key, partner_key, algorithm,
    )  # fmt: skip
    headers = {
        _AUTH + "Sender": sender,
        _AUTH + "CustomerId": customer_id,
        _AUTH + "PartnerId": partner_id,
        _AUTH + "Timestamp": timestamp,
        _AUTH + "TimestampUnix": timestamp_unix,
        _AUTH + "TransactionId": transaction_id,
        HEADER_PREFIX + "Interface-Language": language,
        HEADER_PREFIX + "Organisation-ID": organisation_id,
        _AUTH + "MAC": mac,
        _AUTH + "MACHashCalculationAlgorithm": algorithm,
        # Opt in to real 4xx/5xx codes; the body stays authoritative either way.
        _AUTH + "UseHTTPResponseStatusCodes": "1",
    }
    if method.upper() == "POST":
        headers["Content-Type"] = POST_CONTENT_TYPE
    return headers


def _joined(visible: tuple[str, ...], customer_key: str, partner_key: str, algorithm: str) -> str:
    # ``visible`` ends with TimestampUnix, which only HMACSHA256 signs.
    head = visible if algorithm == "HMACSHA256" else visible[:-1]
    return "&".join((*head, customer_key, partner_key))


def _encode(text: str, encoding: str, what: str) -> bytes:
    if encoding == MAC_ENCODING and text.isascii():
        # ISO-8859-15 agrees with ASCII byte for byte, and Python's codec for it is a slow table lookup.
        return text.encode("ascii")
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        # Deliberately no value in the message: it may contain a key.
        raise InvalidSignedField(f"{what} contains characters that {encoding} cannot encode") from None
