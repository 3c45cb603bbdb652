"""A tar.gz writer whose bytes are those of the Java bundler (commons-compress 1.27, POSIX long names,
java.util.zip's gzip), so that a project bundled by either client has one digest and is uploaded once.

Every entry has the same mtime, owner 0:0 without names, and a fixed mode; the gzip header has no
time and no file name.
"""

import struct
import zlib

MTIME = 315532800  # 1980-01-01: the earliest date every archive format can hold
_RECORD = 512
_NAME_LENGTH = 100
_MAX_OCTAL_SIZE = 0o77777777777
FILE, SYMLINK, DIRECTORY = "0", "2", "5"


class TarGzWriter(object):
    """Writes entries to ``out`` (a binary file) as one gzip member; ``close`` ends both."""

    def __init__(self, out):
        self._out = out
        self._deflate = zlib.compressobj(6, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY)
        self._crc = 0
        self._size = 0
        # magic, deflate, no flags, no time, no extra flags, OS "unknown" (as JDK 16+ writes it)
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")

    def add(self, name, kind, mode, size=0, link=None, content=None):
        """One entry; ``content`` (a binary file) gives exactly ``size`` bytes for a FILE."""
        pax = {}
        encoded = name.encode("utf-8", "surrogateescape")
        if len(encoded) >= _NAME_LENGTH:
            pax["path"] = name
        if link and len(link.encode("utf-8", "surrogateescape")) >= _NAME_LENGTH:
            pax["linkpath"] = link
        if size > _MAX_OCTAL_SIZE:
            pax["size"] = str(size)
        if "path" not in pax and not _is_ascii(name):
            pax["path"] = name
        if kind == SYMLINK and "linkpath" not in pax and not _is_ascii(link):
            pax["linkpath"] = link
        if pax:
            self._pax(name, pax)
        self._write(_header(name, mode, size, kind, link or ""))
        if content is not None:
            left = size
            while left > 0:
                chunk = content.read(min(left, 1 << 16))
                if not chunk:
                    break
                self._write(chunk)
                left -= len(chunk)
            if left:
                raise ValueError("{} ended {} bytes early".format(name, left))
            self._pad(size)

    def close(self):
        """Two empty records end the tar; then the gzip trailer (CRC-32 and size)."""
        self._write(b"\0" * (2 * _RECORD))
        self._out.write(self._deflate.flush())
        self._out.write(struct.pack("<II", self._crc & 0xFFFFFFFF, self._size & 0xFFFFFFFF))

    def _pax(self, name, headers):
        data = b"".join(_pax_record(key, headers[key]) for key in _java_hash_map_order(list(headers)))
        pax_name = "./PaxHeaders.X/" + "".join(_seven_bits(unit) for unit in _utf16_units(name))
        if len(pax_name) >= _NAME_LENGTH:
            pax_name = pax_name[:_NAME_LENGTH - 1]
        self._write(_header(pax_name, 0o100644, len(data), "x", ""))
        self._write(data)
        self._pad(len(data))

    def _pad(self, size):
        if size % _RECORD:
            self._write(b"\0" * (_RECORD - size % _RECORD))

    def _write(self, data):
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        self._out.write(self._deflate.compress(data))


def _header(name, mode, size, kind, link):
    size_field = size if size <= _MAX_OCTAL_SIZE else 0  # the real size is in the pax header
    header = b"".join([
        _name_field(name, _NAME_LENGTH), _octal(mode, 8), _octal(0, 8), _octal(0, 8), _octal(size_field, 12),
        _octal(MTIME, 12), b" " * 8, kind.encode("ascii"), _name_field(link, _NAME_LENGTH),
        b"ustar\0", b"00", b"\0" * 32, b"\0" * 32, _octal(0, 8), _octal(0, 8),
    ])
    header += b"\0" * (_RECORD - len(header))
    checksum = "{:06o}".format(sum(header)).encode("ascii") + b"\0 "
    return header[:148] + checksum + header[156:]


def _octal(value, length):
    """``length - 1`` zero-padded octal digits and a space."""
    return "{:0{}o}".format(value, length - 1).encode("ascii") + b" "


def _name_field(name, length):
    """The name in UTF-8, cut a character at a time until it fits, NUL-padded."""
    encoded = name.encode("utf-8", "surrogateescape")
    while len(encoded) > length:
        name = name[:-1]
        encoded = name.encode("utf-8", "surrogateescape")
    return encoded + b"\0" * (length - len(encoded))


def _pax_record(key, value):
    """``<length> key=value\\n``, the length counting itself."""
    body = " {}={}\n".format(key, value).encode("utf-8", "surrogateescape")
    length = len(body) + 1
    while len(str(length)) + len(body) != length:
        length = len(str(length)) + len(body)
    return str(length).encode("ascii") + body


def _is_ascii(text):
    return all(ord(char) < 128 for char in text)


def _utf16_units(text):
    data = text.encode("utf-16-be", "surrogatepass")
    return [(data[i] << 8) | data[i + 1] for i in range(0, len(data), 2)]


def _seven_bits(unit):
    """A name's UTF-16 unit as commons-compress puts it into a pax entry's name: 7 bits, no separators."""
    char = chr(unit & 0x7F)
    return "_" if char in ("\0", "/", "\\") else char


def _java_hash_map_order(keys):
    """``keys`` in the order a java.util.HashMap of 16 buckets iterates them (bucket, then insertion)."""
    def bucket(key):
        h = 0
        for unit in _utf16_units(key):
            h = (31 * h + unit) & 0xFFFFFFFF
        return (h ^ (h >> 16)) & 15
    return sorted(keys, key=lambda key: (bucket(key), keys.index(key)))
