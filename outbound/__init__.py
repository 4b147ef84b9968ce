"""Talking to the outside world: one HTTP client and one hardened XML parser for every external API.

Plain Python, like ``netvisor/``: it imports nothing from Django and nothing from our apps, so the
Netvisor client and the ECB rates both build on it without either importing the other. What an
error *means* (retry, read back, show the person a reason) stays with each caller; this package
only says what happened on the wire.
"""

from outbound.http import HttpClient, HttpFailure, HttpResponse, MaybeReceived, NotSent, TooLarge
from outbound.xml import XmlRefused, parse_xml

__all__ = [
    "HttpClient",
    "HttpFailure",
    "HttpResponse",
    "MaybeReceived",
    "NotSent",
    "TooLarge",
    "XmlRefused",
    "parse_xml",
]
