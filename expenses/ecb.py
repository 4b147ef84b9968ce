"""ECB euro foreign exchange reference rates: the client that fetches them, when they are reachable.

The manual path always works: a rate typed in by the person is used as it is. Only when a receipt in
a foreign currency comes without a rate is the ECB asked, and any failure (no network, a timeout, an
odd answer) becomes :class:`RateUnavailable` with a reason the form shows next to the rate field.

The ECB publishes one rate per currency per TARGET working day (about 16:00 CET), as "units of the
currency per 1 EUR" — the convention of ``expenses.rules.money.to_eur``. A purchase on a weekend or
holiday uses the last rate published on or before its date.

HTTP goes through the project's one outbound HTTP client (``outbound.http``: explicit timeouts, no
redirects, bounded body) and XML through its one hardened parser (``outbound.xml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_noop

from outbound import HttpClient, HttpFailure, XmlRefused, parse_xml
from outbound.xml import Element

# The last 90 days; older receipts need a rate typed in by hand.
DEFAULT_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"
# Stored with each fetched rate, and translated where it is shown (hence marked for the catalogue).
SOURCE = gettext_noop("ECB euro reference rate")
CACHE_KEY = "expenses:ecb:rates"
CACHE_SECONDS = 3600
# A failure is remembered briefly so the live preview does not wait for the network on every key.
FAILURE_SECONDS = 60
MAX_BODY = 2 * 1024 * 1024
# How far back a rate may be taken from (weekends and holidays: at most a few days).
MAX_GAP = timedelta(days=7)

Rates = dict[date, dict[str, Decimal]]


class RateUnavailable(Exception):
    """No ECB rate could be found; ``reason`` says why, for the person filling in the form."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class EcbRate:
    currency: str
    rate: Decimal
    rate_date: date
    source: str = SOURCE


def ecb_rate(currency: str, day: date) -> EcbRate:
    """The ECB rate of ``currency`` on ``day`` (or the last working day before). Raises RateUnavailable."""
    return pick_rate(_cached_rates(), currency.strip().upper(), day)


def pick_rate(rates: Rates, currency: str, day: date) -> EcbRate:
    for published in sorted((d for d in rates if d <= day), reverse=True):
        if day - published > MAX_GAP:
            break
        if currency in rates[published]:
            return EcbRate(currency, rates[published][currency], published)
    raise RateUnavailable(f"the ECB has no {currency} rate for {day.isoformat()}")


def _cached_rates() -> Rates:
    cached = cache.get(CACHE_KEY)
    if isinstance(cached, str):
        raise RateUnavailable(cached)
    if cached is not None:
        return cast(Rates, cached)  # only this module writes the key: rates, or a failure's reason
    try:
        rates = parse_rates(_download(getattr(settings, "ECB_RATES_URL", DEFAULT_URL)))
    except RateUnavailable as error:
        cache.set(CACHE_KEY, error.reason, FAILURE_SECONDS)
        raise
    cache.set(CACHE_KEY, rates, CACHE_SECONDS)
    return rates


def _download(url: str) -> bytes:
    http = HttpClient(
        connect_timeout=3, read_timeout=10, max_response_bytes=MAX_BODY, user_agent="Bezala expenses (ECB rates)"
    )
    try:
        response = http.request("GET", url, headers={"Accept": "application/xml"})
    except HttpFailure as error:
        raise RateUnavailable("the ECB could not be reached") from error
    finally:
        http.close()
    if response.status_code != 200:
        raise RateUnavailable(f"the ECB answered HTTP {response.status_code}")
    return response.body


def parse_rates(data: bytes) -> Rates:
    """``<Cube time="2026-03-02"><Cube currency="USD" rate="1.0850"/>…`` → {date: {"USD": Decimal}}."""
    try:
        root = parse_xml(data)
    except XmlRefused as error:
        raise RateUnavailable("the ECB answer was not readable") from error
    rates: Rates = {}
    for day_cube in root.iter():
        published = day_cube.get("time")
        if not _is_cube(day_cube) or not published:
            continue
        try:
            rates[date.fromisoformat(published)] = _rates_of_day(day_cube)
        except (ValueError, InvalidOperation) as error:
            raise RateUnavailable("the ECB answer was not readable") from error
    if not rates:
        raise RateUnavailable("the ECB answer held no rates")
    return rates


def _rates_of_day(day_cube: Element) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for cube in day_cube:
        currency, rate = cube.get("currency"), cube.get("rate")
        if _is_cube(cube) and currency and rate:
            found[currency.upper()] = Decimal(rate)
    return found


def _is_cube(element: Element) -> bool:
    # The ECB's elements sit in its namespace; compare the local name only, in any case.
    tag = element.tag
    return isinstance(tag, str) and tag.rsplit("}", 1)[-1].lower() == "cube"
