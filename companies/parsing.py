"""Strict parsing of ids and counts that arrive as text (URL queries, headers, form fields).

``str.isdigit()`` is true for "²" and "٣", which ``int()`` then refuses or accepts, and a
number past the database's integer range makes the query itself fail: both ended in a 500.
Every place that turns client text into a number goes through here instead.
"""

import re

# The largest value a BigAutoField (and any 64-bit integer column) holds.
MAX_DATABASE_INTEGER = 2**63 - 1

# ASCII digits only: in a str pattern \d would match every Unicode decimal digit.
_WHOLE_NUMBER = re.compile(r"[0-9]+")


def parse_whole_number(text: str | None, *, maximum: int = MAX_DATABASE_INTEGER) -> int | None:
    """The number written in ASCII digits, or None for anything else or anything above ``maximum``."""
    if text is None or not _WHOLE_NUMBER.fullmatch(text):
        return None
    # Digits beyond the maximum's length are out of range whatever they are; no need to build a huge int.
    if len(text.lstrip("0")) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None


def parse_id(text: str | None) -> int | None:
    """A database id (a whole number from 1 up to the integer range), or None."""
    value = parse_whole_number(text)
    return value if value else None


def parse_count(text: str | None, *, default: int, maximum: int, minimum: int = 0) -> int:
    """A client's count such as ``?limit=``: the default when missing, malformed or below ``minimum``;
    at most ``maximum``, so a number too large even for the database asks for the maximum.
    """
    if text is None or not _WHOLE_NUMBER.fullmatch(text):
        return default
    value = parse_whole_number(text, maximum=maximum)
    if value is None:
        return maximum
    return value if value >= minimum else default
