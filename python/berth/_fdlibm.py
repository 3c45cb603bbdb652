"""fdlibm's exp and log (Java's ``StrictMath``), so that log-uniform draws are bit-for-bit the same in
every language and on every machine; the C library's and the JVM's own ``Math`` may differ by an ulp.
"""

import struct


def _double(bits):
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def _words(x):
    bits = struct.unpack("<Q", struct.pack("<d", x))[0]
    return bits >> 32, bits & 0xFFFFFFFF


def _with_high(x, high):
    return _double(((high & 0xFFFFFFFF) << 32) | _words(x)[1])


_LN2_HI = _double(0x3FE62E42FEE00000)
_LN2_LO = _double(0x3DEA39EF35793C76)
_INV_LN2 = _double(0x3FF71547652B82FE)
_O_THRESHOLD = _double(0x40862E42FEFA39EF)
_U_THRESHOLD = _double(0xC0874910D52D3051)
_TWO_M1000 = _double(0x0170000000000000)
_TWO54 = _double(0x4350000000000000)
_P = [_double(b) for b in (0x3FC555555555553E, 0xBF66C16C16BEBD93, 0x3F11566AAF25DE2C,
                           0xBEBBBD41C5D26BF1, 0x3E66376972BEA4D0)]
_LG = [_double(b) for b in (0x3FE5555555555593, 0x3FD999999997FA04, 0x3FD2492494229359,
                            0x3FCC71C51D8E78AF, 0x3FC7466496CB03DE, 0x3FC39A09D078C69F,
                            0x3FC2F112DF3E5244)]


def exp(x):
    """e to the x, as ``StrictMath.exp``."""
    high = _words(x)[0]
    negative = high >> 31
    high &= 0x7FFFFFFF
    if high >= 0x40862E42:  # |x| >= 709.78...
        if high >= 0x7FF00000:
            return x + x if x != x else (0.0 if negative else x)
        if x > _O_THRESHOLD:
            return float("inf")
        if x < _U_THRESHOLD:
            return 0.0
    k = 0
    hi = lo = 0.0
    if high > 0x3FD62E42:  # |x| > 0.5 ln2: reduce to |x| <= 0.5 ln2
        if high < 0x3FF0A2B2:  # and |x| < 1.5 ln2
            hi = x + _LN2_HI if negative else x - _LN2_HI
            lo = -_LN2_LO if negative else _LN2_LO
            k = -1 if negative else 1
        else:
            k = int(_INV_LN2 * x + (-0.5 if negative else 0.5))
            t = float(k)
            hi = x - t * _LN2_HI
            lo = t * _LN2_LO
        x = hi - lo
    elif high < 0x3E300000:  # |x| < 2**-28
        return 1.0 + x
    t = x * x
    c = x - t * (_P[0] + t * (_P[1] + t * (_P[2] + t * (_P[3] + t * _P[4]))))
    if k == 0:
        return 1.0 - ((x * c) / (c - 2.0) - x)
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi)
    if k >= -1021:
        return _with_high(y, _words(y)[0] + (k << 20))
    return _with_high(y, _words(y)[0] + ((k + 1000) << 20)) * _TWO_M1000


def log(x):
    """The natural logarithm, as ``StrictMath.log``."""
    high, low = _words(x)
    if high >= 0x80000000:
        high -= 1 << 32  # the high word as a signed int
    k = 0
    if high < 0x00100000:  # x < 2**-1022
        if (high & 0x7FFFFFFF) | low == 0:
            return float("-inf")
        if high < 0:
            return float("nan")
        k -= 54
        x *= _TWO54  # subnormal: scale up
        high = _words(x)[0]
    if high >= 0x7FF00000:
        return x + x
    k += (high >> 20) - 1023
    high &= 0x000FFFFF
    i = (high + 0x95F64) & 0x100000
    x = _with_high(x, high | (i ^ 0x3FF00000))  # x or x/2, into [sqrt(2)/2, sqrt(2))
    k += i >> 20
    f = x - 1.0
    dk = float(k)
    if (0x000FFFFF & (2 + high)) < 3:  # |f| < 2**-20
        if f == 0.0:
            return 0.0 if k == 0 else dk * _LN2_HI + dk * _LN2_LO
        r = f * f * (0.5 - 0.33333333333333333 * f)
        return f - r if k == 0 else dk * _LN2_HI - ((r - dk * _LN2_LO) - f)
    s = f / (2.0 + f)
    z = s * s
    i = high - 0x6147A
    w = z * z
    j = 0x6B851 - high
    t1 = w * (_LG[1] + w * (_LG[3] + w * _LG[5]))
    t2 = z * (_LG[0] + w * (_LG[2] + w * (_LG[4] + w * _LG[6])))
    r = t2 + t1
    if i | j > 0:
        half_square = 0.5 * f * f
        if k == 0:
            return f - (half_square - s * (half_square + r))
        return dk * _LN2_HI - ((half_square - (s * (half_square + r) + dk * _LN2_LO)) - f)
    if k == 0:
        return f - s * (f - r)
    return dk * _LN2_HI - ((s * (f - r) - dk * _LN2_LO) - f)
