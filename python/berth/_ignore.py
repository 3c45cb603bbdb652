"""``.berthignore`` files: gitignore syntax, read as the Java bundler reads them (JGit's rules).

Each file applies below its own directory. For a path, the deepest file with an opinion decides, and
within a file the last line that matches: a line ``!pattern`` says "not ignored". Patterns:

- ``name``, ``*.log``: match the last part of a path at any depth below the file;
- ``/name``: only directly in the file's directory; ``dir/name`` (a ``/`` inside): a path from there;
- ``name/``: directories only;
- ``**`` as a whole part: any number of directories (``a/**/b``, ``**/b``, ``a/**``);
- ``*``, ``?`` and ``[a-z]`` (``[!...]`` negated) within a part, ``\\`` escaping the next character;
- ``# comment`` lines and empty lines are skipped; trailing spaces are dropped unless escaped.

A directory that is ignored is not looked into, so nothing inside it can be taken back with ``!``.
"""

import os
import re

FILE_NAME = ".berthignore"

_POSIX_CLASSES = {
    "alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z", "xdigit": "0-9A-Fa-f", "word": "a-zA-Z0-9_",
}
_JAVA_WHITESPACE = " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
_ANY = "**"  # a whole part that matches any number of directories


class _InvalidPattern(ValueError):
    """A pattern git would reject (an unclosed ``[``): the line never matches."""


class BerthIgnore(object):
    """The ``.berthignore`` files of one project, loaded directory by directory as the walk reaches them."""

    def __init__(self):
        self._files = {}  # directory relative to the root ("" for the root) -> its rules

    def load(self, root, directory):
        """Reads ``directory``'s ignore file, if it has one; call before asking about anything inside it."""
        path = os.path.join(root, directory, FILE_NAME) if directory else os.path.join(root, FILE_NAME)
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                self._files[directory] = IgnoreFile(handle.read().decode("utf-8", "replace"))

    def is_ignored(self, path, is_dir):
        """Whether ``path`` (relative to the root, '/' separators) is left out of the bundle."""
        directory = _parent(path)
        while directory is not None:
            rules = self._files.get(directory)
            if rules is not None:
                verdict = rules.check(path[len(directory) + 1:] if directory else path, is_dir)
                if verdict is not None:
                    return verdict
            directory = None if directory == "" else _parent(directory)
        return False


class IgnoreFile(object):
    """The rules of one ignore file."""

    def __init__(self, text):
        self._rules = []
        for line in re.split("\r\n|\r|\n", text):
            rule = _rule(line)
            if rule is not None:
                self._rules.append(rule)

    def check(self, path, is_dir):
        """True (ignored), False (taken back by a ``!`` line) or None (no line matches)."""
        for rule in reversed(self._rules):
            if rule.matches(path, is_dir):
                return not rule.negated
        return None


def _parent(path):
    slash = path.rfind("/")
    return "" if slash < 0 else path[:slash]


def _rule(line):
    if not line or line.startswith("#") or line == "/":
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
        if not line or line.startswith("#"):
            return None
    if line[:2] in ("\\!", "\\#"):
        line = line[1:]
    content = line.rstrip(_JAVA_WHITESPACE)
    dir_only = content.endswith("/")
    if dir_only:
        line = content.rstrip("/")
        if not line:
            return None
    pattern = _trim_spaces(line)
    try:
        return _Rule(pattern, negated, dir_only)
    except _InvalidPattern:
        return None


def _trim_spaces(pattern):
    """Trailing spaces dropped, but one escaped as ``\\ `` kept."""
    while pattern.endswith(" "):
        if pattern.endswith("\\ "):
            return pattern[:-2] + " "
        pattern = pattern[:-1]
    return pattern


class _Rule(object):
    def __init__(self, pattern, negated, dir_only):
        self.negated = negated
        self.dir_only = dir_only
        slash = pattern.find("/", 1)
        self._is_path = 0 < slash < len(pattern) - 1
        if not self._is_path:
            self._anchored = pattern.startswith("/") and pattern != "/**"
            part = pattern[1:] if self._anchored else pattern
            self._name = _ANY if part in ("**", "/**") else _part_matcher(part)
        elif not _has_glob(pattern) and "\\" not in pattern:
            self._literal = pattern.lstrip("/") if pattern.startswith("/") else pattern
            self._parts = None
        else:
            parts = []
            for part in pattern.split("/"):
                if not part:
                    continue
                matcher = _ANY if part == "**" else _part_matcher(part)
                if not (matcher is _ANY and parts and parts[-1] is _ANY):  # **/** is **
                    parts.append(matcher)
            self._parts = parts

    def matches(self, path, is_dir):
        if not path:
            return False
        if not self._is_path:
            return self._matches_name(path, is_dir)
        if self._parts is None:
            return path == self._literal and (is_dir or not self.dir_only)
        return self._matches_parts(0, path.split("/"), 0, is_dir)

    def _matches_name(self, path, is_dir):
        if self._name is _ANY:
            return is_dir or not self.dir_only
        slash = path.rfind("/")
        if slash >= 0 and self._anchored:
            return False
        return self._name(path[slash + 1:]) and (is_dir or not self.dir_only)

    def _matches_parts(self, index, names, start, is_dir):
        """Whether the pattern's parts from ``index`` match the path's ``names`` from ``start`` to the end."""
        parts = self._parts
        left = len(names) - start
        if index == len(parts):
            return left == 0
        part = parts[index]
        if part is _ANY:
            if index == len(parts) - 1:  # a/**: everything below a, but not a itself
                return left >= 1 and (is_dir or not self.dir_only)
            return any(self._matches_parts(index + 1, names, at, is_dir) for at in range(start, len(names) + 1))
        if left == 0 or not part(names[start]):
            return False
        if index == len(parts) - 1 and left == 1:
            return is_dir or not self.dir_only
        return self._matches_parts(index + 1, names, start + 1, is_dir)


def _has_glob(pattern):
    return any(char in pattern for char in "*?[")


def _part_matcher(glob):
    """A function telling whether one path part (no '/') matches ``glob``."""
    regex = re.compile(_glob_regex(glob), re.DOTALL)
    return lambda name: regex.fullmatch(name) is not None


def _glob_regex(glob):
    out = []
    index = 0
    while index < len(glob):
        char = glob[index]
        if char == "\\":
            if index + 1 < len(glob):
                out.append(re.escape(glob[index + 1]))
            index += 2
            continue
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            regex, index = _bracket(glob, index)
            out.append(regex)
            continue
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def _bracket(glob, start):
    """The regex of the ``[...]`` class at ``start``, and the index just past it."""
    index = start + 1
    negated = index < len(glob) and glob[index] in "!^"
    if negated:
        index += 1
    members = []
    first = True
    while index < len(glob):
        char = glob[index]
        if char == "]" and not first:
            return "[" + ("^" if negated else "") + "".join(members) + "]", index + 1
        first = False
        if char == "[" and glob[index + 1:index + 2] == ":":
            end = glob.find(":]", index + 2)
            name = glob[index + 2:end] if end > 0 else None
            if name in _POSIX_CLASSES:
                members.append(_POSIX_CLASSES[name])
                index = end + 2
                continue
        if char == "\\" and index + 1 < len(glob):
            index += 1
            char = glob[index]
        if char == "-" and members and glob[index + 1:index + 2] not in ("]", ""):
            members.append("-")
        else:
            members.append(re.escape(char))
        index += 1
    raise _InvalidPattern("no closing ] in " + glob)
