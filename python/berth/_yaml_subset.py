"""A small, strict reader for submission configs: top-level ``key: value`` lines, no YAML library needed.

Values are plain, 'single-' or "double-quoted" scalars with optional ``# comments``. Keys named in
``skipped`` (Atlas's, which Berth ignores) may hold anything, nested blocks included: their lines are
passed over unread. Anything else this reader cannot read is an error naming the file and the line, never
a guess.
"""

import re

from ._errors import ConfigError

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+|$)(.*)$")
_NULLS = ("", "~", "null", "Null", "NULL")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029"}
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}


class Entry(object):
    """One top-level key: its value (a str, or None for null) or ``nested`` for a block below it."""

    def __init__(self, key, value, line, nested=False):
        self.key, self.value, self.line, self.nested = key, value, line, nested


def read_entries(file, text, skipped):
    """The file's top-level entries in order; ``skipped`` keys' values are not read (value None)."""
    lines = text.split("\n")
    entries = []
    seen = {}
    number = 0
    while number < len(lines):
        line = lines[number].rstrip("\r")
        number += 1
        if _is_blank(line) or (not entries and not seen and line.rstrip() == "---"):
            continue
        if line[:1] in (" ", "\t"):
            raise _unreadable(file, number, "an indented line where a top-level key was expected")
        match = _KEY.match(line)
        if match is None:
            raise _unreadable(file, number, "not a 'key: value' line")
        key, rest = match.group(1), match.group(2)
        if key in seen:
            raise ConfigError("duplicate key '{}'".format(key), file, number)
        seen[key] = number
        block_end = _block_end(lines, number)
        if key in skipped:
            entries.append(Entry(key, None, number, nested=block_end > number))
        elif block_end > number:
            if not _is_blank(rest):
                raise _unreadable(file, number, "a value that goes on over several lines")
            entries.append(Entry(key, None, number, nested=True))
        else:
            entries.append(Entry(key, _scalar(file, number, rest), number))
        number = block_end
    return entries


def _block_end(lines, after):
    """The index past the indented (or blank) lines that follow line ``after``, up to the next key."""
    end = after
    index = after
    while index < len(lines):
        line = lines[index].rstrip("\r")
        if _is_blank(line):
            index += 1
            continue
        if line[:1] not in (" ", "\t"):
            break
        index += 1
        end = index
    return end


def _is_blank(line):
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _scalar(file, number, text):
    text = text.strip()
    if text.startswith("'"):
        value, rest = _single_quoted(file, number, text)
    elif text.startswith('"'):
        value, rest = _double_quoted(file, number, text)
    else:
        value, rest = _plain(file, number, text), ""
        return None if value in _NULLS else value
    if not _is_blank(rest) or (rest and not rest[0].isspace()):
        raise _unreadable(file, number, "text after the closing quote")
    return value


def _plain(file, number, text):
    comment = re.search(r"(^|[ \t])#", text)  # the value is stripped: a '#' first follows the key's blank
    if comment:
        text = text[:comment.start()]
    text = text.rstrip()
    if text[:1] in ("[", "{", "|", ">", "&", "*", "!", "%", "@", "`") or text.startswith("- ") or text == "-":
        raise _unreadable(file, number, "a YAML form other than a plain or quoted value ({})".format(text[:1]))
    if re.search(r":([ \t]|$)", text):
        raise _unreadable(file, number, "a second ': ' in the value (quote it)")
    return text


def _single_quoted(file, number, text):
    index = 1
    value = []
    while index < len(text):
        char = text[index]
        if char == "'":
            if text[index + 1:index + 2] == "'":
                value.append("'")
                index += 2
                continue
            return "".join(value), text[index + 1:]
        value.append(char)
        index += 1
    raise _unreadable(file, number, "a quote that is not closed on its line")


def _double_quoted(file, number, text):
    index = 1
    value = []
    while index < len(text):
        char = text[index]
        if char == '"':
            return "".join(value), text[index + 1:]
        if char == "\\":
            code = text[index + 1:index + 2]
            if code in _ESCAPES:
                value.append(_ESCAPES[code])
                index += 2
                continue
            digits = _HEX_LENGTHS.get(code)
            hex_text = text[index + 2:index + 2 + (digits or 0)]
            if digits is None or not re.match(r"[0-9A-Fa-f]{%d}$" % digits, hex_text):
                raise _unreadable(file, number, "an unknown escape \\{}".format(code))
            value.append(chr(int(hex_text, 16)))
            index += 2 + digits
            continue
        value.append(char)
        index += 1
    raise _unreadable(file, number, "a quote that is not closed on its line")


def _unreadable(file, number, why):
    return ConfigError("cannot read this line: {}; write top-level 'key: value' lines, quoting values "
                       "with special characters".format(why), file, number)
