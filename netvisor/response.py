"""The Netvisor response envelope: ``Root/ResponseStatus`` and ``Root/Replies``.

The XML body decides success or failure, never the HTTP code alone: with
``UseHTTPResponseStatusCodes: 1`` Netvisor's own errors come as 4xx/5xx *with* an XML body, and
without it they come as HTTP 200. A failure is two sibling ``Status`` elements, ``FAILED`` and
``CODE :: text``; the text may itself contain `` :: ``, so only the first separator splits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from netvisor.credentials import MASK
from netvisor.errors import (
    MalformedResponse,
    NetvisorError,
    PermissionMissing,
    RequestNotUnique,
    error_class_for,
    excerpt_of,
    mask_hex_runs,
)
from netvisor.resources import KNOWN_RIGHTS, right_for
from netvisor.xmlparse import Element, child, children, local_name, parse_document, path, text

STATUS_SEPARATOR = " :: "


@dataclass(frozen=True)
class RawResponse:
    """What came back over HTTP, before any interpretation. Header names are lower case."""

    status_code: int
    headers: Mapping[str, str]
    body: bytes
    url: str = ""

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of Content-Type, if any."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return None


@dataclass(frozen=True)
class CallInfo:
    """Context for turning a response into errors; ``secrets`` are redacted from any text."""

    method: str
    path: str
    transaction_id: str | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def is_write(self) -> bool:
        return self.method.upper() == "POST"


def redact(value: str, secrets: tuple[str, ...]) -> str:
    """Replace our own keys should a server ever echo them back."""
    for secret in secrets:
        if len(secret) >= 4:
            value = value.replace(secret, MASK)
    return value


def malformed(message: str, raw: RawResponse, info: CallInfo) -> MalformedResponse:
    """A :class:`MalformedResponse` whose flags follow from method and HTTP status.

    A 5xx page from a proxy on a GET is worth retrying. On a POST the request may have reached
    Netvisor behind the proxy (or a 2xx answer was mangled), so it may have been applied.
    """
    status = raw.status_code
    maybe_applied = info.is_write and (status >= 500 or 200 <= status < 300)
    error = MalformedResponse(
        f"{message} (HTTP {status}, {info.path})",
        retryable=status >= 500 and not maybe_applied,
        resource=right_for(info.path),
        transaction_id=info.transaction_id,
        http_status=status,
    )
    # Redacted before the cut to 200 characters, so a key straddling the cut cannot half-survive.
    excerpt = redact(excerpt_of(raw.body, limit=400), info.secrets)
    return error.with_excerpt(excerpt, maybe_applied=maybe_applied)


_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?<(!doctype\s+html|html[\s>])", re.IGNORECASE)


def check_not_html(raw: RawResponse, info: CallInfo) -> None:
    """Proxy and load-balancer error pages are HTML; name them as such in the error."""
    if _HTML_START.match(raw.body[:1024]):
        raise malformed("HTML page instead of Netvisor XML (proxy or error page)", raw, info)


def parse_envelope(raw: RawResponse, info: CallInfo) -> Element:
    """Parse the body and raise the typed error if Netvisor reported FAILED; return ``Root``."""
    if 300 <= raw.status_code < 400:
        target = raw.headers.get("location", "?")
        raise malformed(f"unexpected redirect to {target}", raw, info)
    check_not_html(raw, info)
    try:
        root = parse_document(raw.body, raw.charset)
    except MalformedResponse as exc:
        raise malformed(exc.message, raw, info) from None
    status = child(root, "ResponseStatus")
    if local_name(root) != "root" or status is None:
        raise malformed("XML without Root/ResponseStatus", raw, info)
    raise_for_status(status, raw.status_code, info)
    return root


def status_texts(status: Element) -> list[str]:
    """The texts of every ``Status`` child, in order."""
    return [text(node) or "" for node in children(status, "Status")]


def raise_for_status(status: Element, http_status: int, info: CallInfo) -> None:
    """Raise the typed error when ``ResponseStatus`` says FAILED; do nothing on OK."""
    texts = status_texts(status)
    if not texts:
        error = MalformedResponse(
            "ResponseStatus without Status", retryable=False, http_status=http_status,
            transaction_id=info.transaction_id,
        )  # fmt: skip
        raise error.with_excerpt("", maybe_applied=info.is_write)
    if not any(value.upper() == "FAILED" for value in texts):
        return
    detail = next((value for value in texts if value.upper() != "FAILED"), "")
    raise error_from_status(detail, http_status=http_status, info=info)


def error_from_status(detail: str, *, http_status: int | None, info: CallInfo) -> NetvisorError:
    """Map ``CODE :: text`` to the typed error, keeping Netvisor's text (minus our secrets)."""
    code, sep, message = detail.partition(STATUS_SEPARATOR)
    code = code.strip().upper() or "UNKNOWN"
    netvisor_text = redact(message.strip() if sep else detail.strip(), info.secrets)
    # MAC echoes are masked in the message (which reaches logs); netvisor_text keeps them for the UI.
    summary = f"{code}: {mask_hex_runs(netvisor_text)}" if netvisor_text else code
    resource = right_for(info.path)
    error_class = error_class_for(code)
    if error_class is PermissionMissing:
        resource = resource or _right_from_text(netvisor_text)
        summary = f"{summary} (grant the '{resource}' right)"
    if error_class is None:
        return NetvisorError(
            summary, code=code, retryable=False, netvisor_text=netvisor_text, resource=resource,
            transaction_id=info.transaction_id, http_status=http_status,
        )  # fmt: skip
    error = error_class(
        summary, code=code, netvisor_text=netvisor_text, resource=resource,
        transaction_id=info.transaction_id, http_status=http_status,
    )  # fmt: skip
    if isinstance(error, PermissionMissing):
        error.path = info.path
    if isinstance(error, RequestNotUnique) and info.is_write:
        error.retryable = False
        error.maybe_applied = True
    return error


def _right_from_text(value: str) -> str | None:
    token = value.strip().split()[0].lower() if value.strip() else ""
    token = token.removesuffix(".nv")
    return token if token in KNOWN_RIGHTS else (right_for(f"{token}.nv") or token or None)


def inserted_identifier(root: Element, raw: RawResponse, info: CallInfo) -> int:
    """``Replies/InsertedDataIdentifier`` as int (the new record's NetvisorKey)."""
    value = text(path(root, "Replies", "InsertedDataIdentifier"))
    if value is None or not value.isdigit():
        # Status was OK, so the write most likely happened; only the key is missing.
        raise malformed("OK answer without a numeric Replies/InsertedDataIdentifier", raw, info)
    return int(value)
