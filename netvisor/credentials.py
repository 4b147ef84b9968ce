"""Credentials and client configuration.

Keys never appear in ``repr``/``str`` (and therefore not in logs, tracebacks or error messages):
the dataclasses mask them. Validation errors name the field, never the value of a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["FI", "EN", "SE"]
Algorithm = Literal["HMACSHA256", "SHA256", "MD5"]

LANGUAGES: tuple[str, ...] = ("FI", "EN", "SE")
ALGORITHMS: tuple[str, ...] = ("HMACSHA256", "SHA256", "MD5")

# Netvisor asks for a client timeout of at least 120 s; shorter timeouts turn slow-but-successful
# writes into "outcome unknown" and force needless read-backs.
MIN_READ_TIMEOUT = 120.0
DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024
DEFAULT_USER_AGENT = "bezala-netvisor/0.1"

MASK = "***"


def _require_text(value: object, field: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field} must be a non-empty string")


def _require_ascii(value: str, field: str) -> None:
    if not value.isascii():
        raise ValueError(f"{field} must be ASCII (it is signed into the MAC): {value!r}")


@dataclass(frozen=True, repr=False)
class PartnerCredentials:
    """The integration partner's id and key (issued by Netvisor partner support)."""

    partner_id: str
    partner_key: str

    def __post_init__(self) -> None:
        _require_text(self.partner_id, "partner_id")
        _require_text(self.partner_key, "partner_key")

    def __repr__(self) -> str:
        return f"PartnerCredentials(partner_id={self.partner_id!r}, partner_key={MASK!r})"


@dataclass(frozen=True, repr=False)
class CustomerCredentials:
    """One company's API identifier pair plus the company's business id (Y-tunnus)."""

    customer_id: str
    customer_key: str
    organisation_id: str

    def __post_init__(self) -> None:
        _require_text(self.customer_id, "customer_id")
        _require_text(self.customer_key, "customer_key")
        _require_text(self.organisation_id, "organisation_id")
        _require_ascii(self.organisation_id, "organisation_id")

    def __repr__(self) -> str:
        return (
            f"CustomerCredentials(customer_id={self.customer_id!r}, customer_key={MASK!r}, "
            f"organisation_id={self.organisation_id!r})"
        )


@dataclass(frozen=True)
class ClientConfig:
    """Connection settings shared by every call.

    ``allow_short_read_timeout`` exists only so tests against a local sandbox can exercise
    timeouts quickly; production code should leave it False.
    """

    base_url: str
    sender: str
    language: Language = "FI"
    algorithm: Algorithm = "HMACSHA256"
    connect_timeout: float = 10.0
    read_timeout: float = MIN_READ_TIMEOUT
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    user_agent: str = DEFAULT_USER_AGENT
    allow_short_read_timeout: bool = False

    def __post_init__(self) -> None:
        _require_text(self.base_url, "base_url")
        if not self.base_url.startswith(("https://", "http://")) or not self.base_url.isascii():
            raise ValueError("base_url must be an ASCII http(s) URL")
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        _require_text(self.sender, "sender")
        _require_ascii(self.sender, "sender")
        self._check_choices()
        self._check_limits()

    def _check_choices(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}")
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}")

    def _check_limits(self) -> None:
        if self.connect_timeout <= 0:
            raise ValueError("connect_timeout must be positive")
        if self.read_timeout <= 0:
            raise ValueError("read_timeout must be positive")
        if self.read_timeout < MIN_READ_TIMEOUT and not self.allow_short_read_timeout:
            raise ValueError(f"read_timeout must be at least {MIN_READ_TIMEOUT:g} s (Netvisor's advice)")
        if self.max_response_bytes <= 0:
            raise ValueError("max_response_bytes must be positive")
