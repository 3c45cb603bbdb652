"""A small, strict reader for submission configs: top-level ``key: value`` lines, no YAML library needed.

Values are plain, 'single-' or "double-quoted" scalars with optional ``# comments``. Keys named in
``skipped`` (Atlas's, which Berth ignores) may hold anything, nested blocks included: their values are not
read, only searched for anchors, aliases, merge keys and tags, which Berth's Java reader refuses too. Anything
else this reader cannot read is an error naming the file and the line, never a guess.
"""

import re

from ._errors import ConfigError

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+|$)(.*)$")
_NULLS = ("", "~", "null", "Null", "NULL")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029"}
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}
# as the Java reader says it: Jackson would read each as something other than what the file's author meant
_NODE_PROPERTIES = {"&": "YAML anchors ({}) are not supported; remove it",
                    "*": "YAML aliases ({}) are not supported; write the value",
                    "!": "YAML tags ({}) are not supported; write the plain value (quoted, for a string)",
                    "<": "YAML merge keys ({}) are not supported; write the keys out"}


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
            _refuse_node_properties(file, None, number, [line])
            raise _unreadable(file, number, "not a 'key: value' line")
        key, rest = match.group(1), match.group(2)
        if key in seen:
            raise ConfigError("duplicate key '{}'".format(key), file, number)
        seen[key] = number
        block_end = _block_end(lines, number)
        if key in skipped:
            _refuse_node_properties(file, key, number, [rest] + lines[number:block_end])
            entries.append(Entry(key, None, number, nested=block_end > number))
        elif block_end > number:
            if not _is_blank(rest):
                raise _unreadable(file, number, "a value that goes on over several lines")
            entries.append(Entry(key, None, number, nested=True))
        else:
            entries.append(Entry(key, _scalar(file, number, key, rest), number))
        number = block_end
    return entries


def _refuse_node_properties(file, key, number, lines):
    """Refuses an anchor, alias, merge key or tag in a skipped key's value, first line from its ': ' on."""
    block_indent = None
    for offset, line in enumerate(line.rstrip("\r") for line in lines):
        indent = len(line) - len(line.lstrip(" \t"))
        if block_indent is not None and (_is_blank(line) or indent > block_indent):
            continue  # a literal or folded block's text
        found, block = _node_property(line)
        if found:
            raise ConfigError(_NODE_PROPERTIES[found[0]].format(found), file, number + offset, key)
        block_indent = (indent if offset else -1) if block else None


def _node_property(line):
    """The first anchor, alias, tag or merge key where a node starts in this line, and whether a literal or
    folded block starts at its end; quoted text, plain text and comments are passed over."""
    depth = 0  # inside [ ] or { }
    at_node = True
    index = 0
    while index < len(line):
        char = line[index]
        if char in " \t":
            index += 1
            continue
        if char == "#" and (index == 0 or line[index - 1] in " \t"):
            break
        if at_node:
            if char in "&*!":
                return _property(line[index:]), False
            if re.match(r"<<[ \t]*:([ \t]|$)", line[index:]):
                return "<<", False
            if char in "|>" and depth == 0:
                return None, True
            if char in "-?" and line[index + 1:index + 2] in ("", " ", "\t") and depth == 0:
                index += 1
                continue
            if char in "[{":
                depth += 1
                index += 1
                continue
            at_node = False
            if char in "'\"":
                index = _closing_quote(line, index)
                continue
        if char == ":" and (line[index + 1:index + 2] in ("", " ", "\t") or depth and line[index + 1] in ",[]{}"):
            at_node = True
        elif depth and char == ",":
            at_node = True
        elif depth and char in "]}":
            depth -= 1
        index += 1
    return None, False


def _property(text):
    """The anchor, alias or tag that ``text`` starts with, as the file writes it."""
    return re.match(r"!<[^>]*>|[^ \t,\[\]{}]*", text).group(0)


def _closing_quote(line, start):
    """The index past the quote that closes the one at ``start`` (the line's end if none does)."""
    index = start + 1
    while index < len(line):
        if line[index] == "\\" and line[start] == '"':
            index += 2
        elif line[index] == line[start]:
            return index + 1
        else:
            index += 1
    return index


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


def _scalar(file, number, key, text):
    text = text.strip()
    if text.startswith("'"):
        value, rest = _single_quoted(file, number, text)
    elif text.startswith('"'):
        value, rest = _double_quoted(file, number, text)
    else:
        value, rest = _plain(file, number, key, text), ""
        return None if value in _NULLS else value
    if not _is_blank(rest) or (rest and not rest[0].isspace()):
        raise _unreadable(file, number, "text after the closing quote")
    return value


def _plain(file, number, key, text):
    comment = re.search(r"(^|[ \t])#", text)  # the value is stripped: a '#' first follows the key's blank
    if comment:
        text = text[:comment.start()]
    text = text.rstrip()
    if text[:1] in ("&", "*", "!"):
        raise ConfigError(_NODE_PROPERTIES[text[:1]].format(_property(text)), file, number, key)
    if text[:1] in ("[", "{", "|", ">", "%", "@", "`") or text.startswith("- ") or text == "-":
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
