"""Sweeps: the parameter sets of many jobs, made and checked before anything is bundled or sent.

Random draws are those of Java's ``Sweep.random`` for the same seed and distributions (each key draws
from a ``java.util.Random`` of its own, seeded from the seed and the key's name), so a sweep made here,
with the Java SDK or with ``berth sweep --seed`` runs the same jobs. Log-uniform draws use fdlibm's
exp and log, which are Java's ``StrictMath``'s.
"""

import math

from . import _fdlibm
from ._javarandom import JavaRandom, signed64
from ._prepare import check_params

#: The most jobs one sweep may have (the server's limit).
MAX_JOBS = 100000

_FNV_PRIME = 0x100000001B3
_MASK64 = (1 << 64) - 1
_INT_MIN, _INT_MAX = -(1 << 31), (1 << 31) - 1
_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1


class Distribution(object):
    """Where ``Sweep.random`` draws one parameter from; see ``uniform``, ``log_uniform``, ``integer``, ``choice``."""

    def sample(self, random):
        raise NotImplementedError

    def check(self, key):
        """Raises ValueError naming ``key`` if nothing can be drawn."""


def _java_double(value):
    """A double as Java prints it in messages: 1.0, 0.001, 1.0E-4, Infinity."""
    if not math.isfinite(value):
        return "NaN" if value != value else "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) < 1e7:
        return "{:.1f}".format(value)
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        return "{}E{}".format(mantissa, int(exponent))
    if abs(value) < 1e-3:
        mantissa, exponent = "{:e}".format(value).split("e")
        return "{}E{}".format(repr(float(mantissa)), int(exponent))
    return text


def _check_range(key, distribution, a, b):
    if not (math.isfinite(a) and math.isfinite(b)):
        raise ValueError("random: '{}' is {}; both ends must be finite numbers".format(key, distribution))
    if a > b:
        raise ValueError("random: '{}' is {}, but {} > {}".format(
            key, distribution, _java_double(a), _java_double(b)))


class _Uniform(Distribution):
    def __init__(self, a, b):
        self.a, self.b = float(a), float(b)

    def sample(self, random):
        if self.a == self.b:
            return self.a
        return min(self.b, self.a + (self.b - self.a) * random.next_double())

    def check(self, key):
        _check_range(key, self, self.a, self.b)

    def __repr__(self):
        return "uniform({}, {})".format(_java_double(self.a), _java_double(self.b))


class _LogUniform(Distribution):
    def __init__(self, a, b):
        self.a, self.b = float(a), float(b)

    def sample(self, random):
        log_a = _fdlibm.log(self.a)
        value = _fdlibm.exp(log_a + (_fdlibm.log(self.b) - log_a) * random.next_double())
        return max(self.a, min(self.b, value))  # exp(log(x)) may land a rounding error outside

    def check(self, key):
        _check_range(key, self, self.a, self.b)
        if self.a <= 0:
            raise ValueError("random: '{}' is {}, but a log-uniform range must be above 0".format(key, self))

    def __repr__(self):
        return "loguniform({}, {})".format(_java_double(self.a), _java_double(self.b))


class _Integer(Distribution):
    def __init__(self, a, b):
        for end in (a, b):
            if isinstance(end, bool) or not isinstance(end, int) or not _LONG_MIN <= end <= _LONG_MAX:
                raise ValueError("integer({!r}, {!r}): both ends must be whole numbers of 64 bits".format(a, b))
        self.a, self.b = a, b

    def sample(self, random):
        span = signed64(self.b - self.a + 1)  # overflows only for ranges wider than a long
        if span > 0:
            return self.a + random.next_bounded_long(span)
        while True:
            value = random.next_long()
            if self.a <= value <= self.b:
                return value

    def check(self, key):
        if self.a > self.b:
            raise ValueError("random: '{}' is {}, but {} > {}".format(key, self, self.a, self.b))

    def __repr__(self):
        return "int({}, {})".format(self.a, self.b)


class _Choice(Distribution):
    def __init__(self, values):
        self.values = list(values)

    def sample(self, random):
        return self.values[random.next_int(len(self.values))]

    def check(self, key):
        if not self.values:
            raise ValueError("random: '{}' is a choice of no values".format(key))

    def __repr__(self):
        return "choice{!r}".format(self.values)


def uniform(a, b):
    """A float between a and b, every value equally likely."""
    return _Uniform(a, b)


def log_uniform(a, b):
    """A float between a and b (both above 0) whose logarithm is uniform."""
    return _LogUniform(a, b)


def integer(a, b):
    """A whole number from a to b, both included."""
    return _Integer(a, b)


def choice(*values):
    """One of the values, each equally likely: ``choice(32, 64)``; a single list is taken as the values."""
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = values[0]
    return _Choice(values)


class Sweep(object):
    """The parameter sets of a sweep, one job each, in the order the jobs are queued.

    Each set is merged over the submission's params (the set wins). Keys keep the dict's order.
    """

    def __init__(self, param_sets):
        self._param_sets = [dict(s) for s in param_sets]

    @classmethod
    def grid(cls, values):
        """Every combination of the values, the first key varying slowest.

        ``grid({"lr": [0.1, 0.01], "batch": [32, 64]})`` gives lr=0.1/batch=32, lr=0.1/batch=64,
        lr=0.01/batch=32, lr=0.01/batch=64.
        """
        keys = _keys("grid", values)
        size = 1
        for key in keys:
            options = values[key]
            if not isinstance(options, (list, tuple)):
                raise ValueError("grid: '{}' must be a list of values, not {}".format(key, type(options).__name__))
            if not options:
                raise ValueError("grid: '{}' has no values".format(key))
            check_params("grid", {key: options})
            size *= len(options)
            if size > MAX_JOBS:
                raise ValueError("grid: the combinations of [{}] are more than {}, the most one sweep may have"
                                 .format(", ".join(keys), MAX_JOBS))
        sets = []
        for index in range(size):
            chosen = {}
            rest = index
            for key in reversed(keys):  # the last key varies fastest
                options = values[key]
                chosen[key] = options[rest % len(options)]
                rest //= len(options)
            sets.append({key: chosen[key] for key in keys})
        return cls(sets)

    @classmethod
    def random(cls, n, seed, distributions):
        """``n`` sets drawn from the distributions, the same for the same seed as Java's ``Sweep.random``.

        A key's values depend only on the seed, its name, its distribution and ``n``: not on the other
        keys, and a larger ``n`` begins with the sets of a smaller one.
        """
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_JOBS:
            raise ValueError("random: n must be 1 to {}, got {}".format(MAX_JOBS, n))
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError("random: the seed must be a whole number, got {!r}".format(seed))
        keys = _keys("random", distributions)
        for key in keys:
            distribution = distributions[key]
            if not isinstance(distribution, Distribution):
                raise ValueError("random: '{}' has no distribution (use uniform, log_uniform, integer or choice)"
                                 .format(key))
            distribution.check(key)
        streams = {key: _stream(seed, key) for key in keys}
        return cls([{key: distributions[key].sample(streams[key]) for key in keys} for _ in range(n)])

    @classmethod
    def of(cls, param_sets):
        """Exactly these sets, in this order; each may be empty (the submission's params alone)."""
        param_sets = list(param_sets or [])
        if not param_sets:
            raise ValueError("a sweep needs at least one parameter set")
        if len(param_sets) > MAX_JOBS:
            raise ValueError("a sweep may have at most {} parameter sets, got {}".format(MAX_JOBS, len(param_sets)))
        for number, param_set in enumerate(param_sets, 1):
            if not isinstance(param_set, dict):
                raise ValueError("parameter set {} of the sweep is not a dict".format(number))
            check_params("parameter set {}".format(number), param_set)
        return cls(param_sets)

    @property
    def param_sets(self):
        """The parameter sets, one per job, in queue order (copies)."""
        return [dict(s) for s in self._param_sets]

    def __len__(self):
        return len(self._param_sets)

    def __repr__(self):
        return "sweep of {} jobs".format(len(self._param_sets))


def _keys(kind, mapping):
    if not isinstance(mapping, dict) or not mapping:
        raise ValueError("{}: no parameters to sweep over".format(kind))
    check_params(kind, dict.fromkeys(mapping))  # the names; the values have rules of their own
    return list(mapping)


def _stream(seed, key):
    """The key's own generator: an FNV-1a hash of its name over the seed, mixed as SplitMix64 mixes."""
    h = seed & _MASK64
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * _FNV_PRIME) & _MASK64
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & _MASK64
    return JavaRandom(signed64(h ^ (h >> 31)))
