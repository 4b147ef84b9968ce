"""The address a request came from, read through the configured number of trusted proxies.

Behind the TLS proxy production assumes, REMOTE_ADDR is the proxy's own address for every
request; the client's address is what the proxy appended to ``X-Forwarded-For``. Everything
to the left of the entries our proxies wrote is whatever the client chose to send, so only the
entry ``TRUSTED_PROXY_COUNT`` places from the right is believed.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address as text, or "unknown"; never a value the client could choose freely."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # The request did not pass through all our proxies (or they are misconfigured):
        # the header, if any, is the client's own invention.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
