"""java.util.Random, bit for bit, so that a seed draws the values Java's SDK and ``berth sweep --seed`` draw."""

_MULTIPLIER = 0x5DEECE66D
_ADDEND = 0xB
_MASK48 = (1 << 48) - 1
_MASK64 = (1 << 64) - 1


def signed64(value):
    """``value`` as a Java ``long``: its low 64 bits, two's complement."""
    value &= _MASK64
    return value - (1 << 64) if value >> 63 else value


def _signed32(value):
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >> 31 else value


class JavaRandom(object):
    """The linear congruential generator of ``java.util.Random`` (JDK 17)."""

    def __init__(self, seed):
        self._seed = (seed ^ _MULTIPLIER) & _MASK48

    def _next(self, bits):
        self._seed = (self._seed * _MULTIPLIER + _ADDEND) & _MASK48
        return _signed32(self._seed >> (48 - bits))

    def next_int(self, bound):
        """``nextInt(bound)``: 0 to bound - 1, with Java's rejection of the uneven top."""
        r = self._next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < (1 << 31):  # Java's int sum did not overflow
                return r
            u = self._next(31)

    def next_long(self):
        return signed64((self._next(32) << 32) + self._next(32))

    def next_bounded_long(self, bound):
        """``nextLong(bound)`` as JDK 17's RandomSupport.boundedNextLong computes it."""
        m = bound - 1
        r = self.next_long()
        if bound & m == 0:
            return r & m
        u = (r & _MASK64) >> 1
        while True:
            r = u % bound
            if signed64(u + m - r) >= 0:
                return r
            u = (self.next_long() & _MASK64) >> 1

    def next_double(self):
        return ((self._next(26) << 27) + self._next(27)) * (1.0 / (1 << 53))
