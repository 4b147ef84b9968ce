"""Strict reading of settings from the environment.

Every value the deployment may set goes through these helpers, so a typo such as
``DEBUG=ture`` stops start-up with a message naming the variable instead of being
read as "false" somewhere deep inside the program.
"""

import os
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class _Missing:
    """The default of a variable that must be set."""


_MISSING = _Missing()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class EnvironmentValueError(ImproperlyConfigured):
    """A variable is missing or cannot be parsed; the message names it."""


def _raw(name: str, default: T | _Missing) -> str | T:
    value = os.environ.get(name)
    if value is None or value == "":
        if isinstance(default, _Missing):
            raise EnvironmentValueError(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_str(name: str, default: str | _Missing = _MISSING) -> str:
    return _raw(name, default)


def env_bool(name: str, default: bool | _Missing = _MISSING) -> bool:
    value = _raw(name, default)
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvironmentValueError(f"Environment variable {name} must be true or false, not {value!r}.")


def env_int(name: str, default: int | _Missing = _MISSING) -> int:
    value = _raw(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise EnvironmentValueError(f"Environment variable {name} must be a whole number, not {value!r}.") from None


def env_list(
    name: str, default: list[str] | _Missing = _MISSING, *, item: Callable[[str], str] = str.strip
) -> list[str]:
    """A comma-separated list; empty items are refused rather than silently dropped."""
    value = _raw(name, default)
    if isinstance(value, list):
        return value
    items = [item(part) for part in str(value).split(",")]
    if any(not part for part in items):
        raise EnvironmentValueError(f"Environment variable {name} has an empty item in {value!r}.")
    return items
