"""Memory sizes and durations as the CLI takes them (``--memory 8g``, ``--timeout 90m``), checked the same way."""

import re
from decimal import Decimal, InvalidOperation

from ._errors import ConfigError

_MIN_MEMORY = 6 * 1024 * 1024  # Docker refuses smaller limits
_MAX_BARE_GB = 65536  # a bare number above this is almost surely bytes written without the b
_LONG_MAX = (1 << 63) - 1
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?$")
_SIZE_EXPECTED = "expected a size like 512m, 8g or 1.5g (a bare number means GB)"
_MULTIPLIERS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "b": 1}
_DURATION = re.compile(r"(\d+)\s*([smhd]?)$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_CPUS, MAX_CPUS = 0.01, 4096


def memory_bytes(key, value):
    """Bytes for a memory limit: ``"8g"``, ``"512m"``, ``"1.5g"``, ``"1073741824b"``; a bare number is GB."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ConfigError(_SIZE_EXPECTED + ", got " + _describe(value), key=key)
    if not isinstance(value, str):
        return _from_gigabytes(key, Decimal(repr(value)), str(value))
    match = _SIZE.match(value.strip().lower())
    if match is None:
        raise ConfigError("{}, got '{}'".format(_SIZE_EXPECTED, value), key=key)
    number = Decimal(match.group(1))
    if match.group(2) is None:
        return _from_gigabytes(key, number, value)
    return _checked_bytes(key, number * _MULTIPLIERS[match.group(2)[0]], value)


def _from_gigabytes(key, gigabytes, text):
    if gigabytes > _MAX_BARE_GB:
        hint = "; write {}b for bytes".format(int(gigabytes)) if gigabytes <= _LONG_MAX else ""
        raise ConfigError("a bare number means GB, so '{}' is too large{}".format(text, hint), key=key)
    return _checked_bytes(key, gigabytes * (1 << 30), text)


def _checked_bytes(key, amount, text):
    if amount <= 0:
        raise ConfigError("must be more than 0, got '{}'".format(text), key=key)
    if amount > _LONG_MAX:
        raise ConfigError("'{}' is too large".format(text), key=key)
    if int(amount) < _MIN_MEMORY:
        raise ConfigError("must be at least 6m (Docker's minimum), got '{}'".format(text), key=key)
    return int(amount)


def duration_seconds(key, value):
    """Seconds for ``"30s"``, ``"90m"``, ``"2h"``, ``"1d"``; a bare number is seconds."""
    scalar = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
    match = _DURATION.match(str(value).strip()) if scalar else None
    if match is None:
        raise ConfigError("expected a duration like 10s, 2m, 1h or 30d, got " + _describe(value), key=key)
    seconds = int(match.group(1)) * _SECONDS[match.group(2)]
    if seconds > _LONG_MAX:
        raise ConfigError("'{}' is too long".format(str(value).strip()), key=key)
    if seconds < 1:
        raise ConfigError("a timeout must be at least 1s, got {}".format(str(value).strip()), key=key)
    return seconds


def cpus(key, value):
    """A CPU count, fractions allowed, from Docker's minimum of 0.01 to 4096."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError("expected a number, got " + _describe(value), key=key)
    got = _plain_number(value)
    if not value >= MIN_CPUS:
        raise ConfigError("must be at least {} (Docker's minimum), got {}".format(MIN_CPUS, got), key=key)
    if value > MAX_CPUS:
        raise ConfigError("must be at most {}, got {}".format(MAX_CPUS, got), key=key)
    return float(value)


def _plain_number(value):
    try:
        text = format(Decimal(repr(float(value))).normalize(), "f")
    except (InvalidOperation, ValueError, OverflowError):
        return str(value)
    return text


def _describe(value):
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return "'{}'".format(value)
