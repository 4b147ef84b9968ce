"""Ids and counts from client text: ASCII digits only, within the database's integer range."""

import pytest

from companies.parsing import MAX_DATABASE_INTEGER, parse_count, parse_id, parse_whole_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("007", 7),
        (str(MAX_DATABASE_INTEGER), MAX_DATABASE_INTEGER),
        (str(MAX_DATABASE_INTEGER + 1), None),
        ("9" * 400, None),
        ("²", None),  # isdigit() is true for it, int() refuses it
        ("٣", None),  # int() accepts Arabic-Indic digits; ids are ASCII
        ("１２", None),  # full-width
        ("0", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.0", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id(text, expected):
    assert parse_id(text) == expected


def test_a_whole_number_may_be_zero_and_has_a_maximum():
    assert parse_whole_number("0") == 0
    assert parse_whole_number("2147483648", maximum=2**31 - 1) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [(None, 100), ("50", 50), ("200", 200), ("201", 200), ("9" * 40, 200), ("0", 100), ("²", 100), ("x", 100)],
)
def test_parse_count_clamps_to_the_maximum(text, expected):
    assert parse_count(text, default=100, maximum=200, minimum=1) == expected
