"""Netvisor error codes and their texts in Finnish and English.

A failure answers `<Status>FAILED</Status><Status>CODE :: text</Status>`; the text follows the
`X-Netvisor-Interface-Language` header (FI, EN; SE falls back to EN because we have no Swedish texts).
Known real texts are used word for word where the public record has them.
"""

AUTHENTICATION_FAILED = "AUTHENTICATION_FAILED"
INVALID_DATA = "INVALID_DATA"
INVALID_DATA_SIZE = "INVALID_DATA_SIZE"
DUPLICATE_DATA = "DUPLICATE_DATA"
REQUEST_NOT_UNIQUE = "REQUEST_NOT_UNIQUE"
PERIOD_LOCK = "PERIOD_LOCK"
SERVICE_ACCESS_ERROR = "SERVICE_ACCESS_ERROR"
# Spelled the way Netvisor's clients spell it.
SYSTEM_MAINTANANCE = "SYSTEM_MAINTANANCE"
TECHNICAL_ERROR = "TECHNICAL_ERROR"

# Status codes when the client sends UseHTTPResponseStatusCodes: 1 (our assumption, see the module docs).
DEFAULT_HTTP_STATUS = {
    AUTHENTICATION_FAILED: 401,
    SERVICE_ACCESS_ERROR: 403,
    INVALID_DATA: 400,
    INVALID_DATA_SIZE: 400,
    DUPLICATE_DATA: 409,
    REQUEST_NOT_UNIQUE: 409,
    PERIOD_LOCK: 409,
    SYSTEM_MAINTANANCE: 503,
    TECHNICAL_ERROR: 500,
}

# key -> (Finnish, English). Placeholders are filled with str.format.
TEXTS: dict[str, tuple[str, str]] = {
    "missing_header": ("Pakollinen otsake puuttuu: {header}", "Required header missing: {header}"),
    "partner_not_found": (
        "Integraatiokumppania ei löydy, katso dokumentaatio",
        "Integration partner not found, see documentation",
    ),
    "keys_invalid": (
        "Integraatioavaimet eivät kelpaa. Ole hyvä ja tarkista käyttäjä- ja kumppanikohtaiset avaimet",
        "Integration keys are not valid. Please check the keys specific to the user and partner.",
    ),
    "keys_expired": (
        "Integraatioavaimet eivät ole enää voimassa (vanhentunut tai peruttu). Luo uudet API-tunnisteet",
        "Integration keys are no longer valid (expired or revoked). Create new API identifiers",
    ),
    "org_not_linked": (
        "Käyttäjällä ei ole oikeutta yritykseen {org}",
        "The user has no access to the organisation {org}",
    ),
    "algorithm": (
        "MAC-tiivisteen laskentatapa ei ole sallittu: {algorithm}",
        "MAC hash calculation algorithm is not allowed: {algorithm}",
    ),
    "timestamp_format": (
        "Aikaleima ei kelpaa, käytä muotoa YYYY-MM-DD HH:MM:SS.fff (UTC): {value}",
        "Timestamp is not valid, use the format YYYY-MM-DD HH:MM:SS.fff (UTC): {value}",
    ),
    "timestamp_window": (
        "Aikaleima on sallitun aikaikkunan ({window} s) ulkopuolella",
        "Timestamp is outside the allowed time window ({window} s)",
    ),
    "timestamp_mismatch": (
        "Otsakkeet Timestamp ja TimestampUnix eivät vastaa toisiaan",
        "The Timestamp and TimestampUnix headers do not agree",
    ),
    "mac": (
        "URI-metodi ei kelpaa, katso dokumentaatio. Käytä MAC-tiivisteen laskentaan merkkijonoa: {canonical} :: {mac}",
        "URI method is not valid, see documentation. Use this string to calculate the MAC: {canonical} :: {mac}",
    ),
    "transaction_reused": (
        "Tapahtumatunniste on jo käytetty: {transaction}",
        "TransactionId has already been used: {transaction}",
    ),
    "connection_unknown": ("Yhdistämistunnistetta ei löydy", "Connection identifier not found"),
    "connection_used": ("Yhdistämistunniste on jo käytetty", "Connection identifier has already been used"),
    "connection_expired": ("Yhdistämistunniste on vanhentunut", "Connection identifier has expired"),
    "connection_revoked": ("Yhdistämistunniste on peruttu", "Connection identifier has been revoked"),
    "connection_mismatch": (
        "Sanoman yhdistämistunniste ei vastaa otsaketta CustomerId",
        "The connection identifier in the body does not match the CustomerId header",
    ),
    "maintenance": ("Netvisorissa on huoltokatko, yritä myöhemmin uudelleen", "Netvisor is under maintenance"),
    "overlap": (
        "Samaan asiakasympäristöön on jo käynnissä pyyntö. Lähetä yksi pyyntö kerrallaan",
        "Another request to the same customer environment is in progress. Send one request at a time",
    ),
    "internal": ("Odottamaton virhe", "Unexpected error"),
    "method": ("Resurssi {resource} ei tue metodia {method}", "Resource {resource} does not support {method}"),
    "right": ("{right}", "{right}"),
    "period_lock": (
        "Kirjanpitokausi on lukittu {date} asti",
        "The accounting period is locked until {date}",
    ),
    "too_large": ("Sanoma on liian suuri (yli {limit} tavua)", "The message is too large (over {limit} bytes)"),
    "too_long": (
        "Elementin <{element}> sisältö on liian pitkä (yli {limit} merkkiä)",
        "The content of <{element}> is too long (over {limit} characters)",
    ),
    # Generic INVALID_DATA with a detail that is already bilingual at the raise site.
    "data": ("Data form incorrect:. {fi}", "Data form incorrect:. {en}"),
}


class NetvisorError(Exception):
    """A Netvisor failure answer: code plus a text key from TEXTS."""

    def __init__(self, code: str, key: str, **params: object) -> None:
        super().__init__(f"{code} :: {key}")
        self.code = code
        self.key = key
        self.params = params

    def text(self, language: str) -> str:
        finnish, english = TEXTS[self.key]
        template = finnish if language == "FI" else english
        return template.format(**self.params)


def invalid(fi: str, en: str) -> NetvisorError:
    """An INVALID_DATA error whose detail is given in both languages."""
    return NetvisorError(INVALID_DATA, "data", fi=fi, en=en)
