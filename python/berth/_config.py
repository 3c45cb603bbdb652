"""Submission configs: which Berth server an env name means, found and read as the ``berth`` CLI does.

``<project>/config/submission/<env>.config.yaml`` first, then ``$BERTH_HOME/config/submission/``
(``~/.berth``), then Atlas's places: ``$FOUNDATIONS_HOME/config/submission/`` and
``~/.foundations/config/submission/``.
"""

import os
import re
from urllib.parse import urlsplit

from ._errors import ConfigError
from ._yaml_subset import read_entries

SUFFIX = ".config.yaml"
DEFAULT_ENV = "scheduler"
DEFAULT_URL = "http://127.0.0.1:5000"
#: Atlas's keys: accepted and ignored (host paths are the server's business).
ATLAS_KEYS = ("job_results_root", "working_dir_root", "container_config_root", "job_deployment_env",
              "cache_config", "redis_url", "worker", "job_store_dir_root", "results_config", "ssh_config",
              "log_level")
KNOWN_KEYS = ("scheduler_url", "token", "ca_cert") + ATLAS_KEYS
_ENV_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*$")
_MAX_BYTES = 2 * 1024 * 1024


class SubmissionConfig(object):
    """A submission config: the server's URL, its token (or None), its CA file (or None), where it was read."""

    def __init__(self, env, file, scheduler_url, token=None, ca_cert=None, ignored_keys=()):
        self.env, self.file, self.scheduler_url = env, file, scheduler_url
        self.token, self.ca_cert, self.ignored_keys = token, ca_cert, list(ignored_keys)

    def __repr__(self):
        return "SubmissionConfig(env={!r}, scheduler_url={!r}, file={!r})".format(
            self.env, self.scheduler_url, self.file)


def berth_home():
    """``$BERTH_HOME``, else ``~/.berth``."""
    home = os.environ.get("BERTH_HOME", "")
    if home.strip():
        return os.path.normpath(os.path.abspath(home))
    return os.path.join(os.path.expanduser("~"), ".berth")


def search_path(project_dir):
    """The directories looked in for ``<env>.config.yaml``, in order."""
    dirs = [os.path.join(project_dir, "config", "submission"), os.path.join(berth_home(), "config", "submission")]
    foundations_home = os.environ.get("FOUNDATIONS_HOME", "")
    if foundations_home.strip():
        dirs.append(os.path.join(os.path.abspath(foundations_home), "config", "submission"))
    dirs.append(os.path.join(os.path.expanduser("~"), ".foundations", "config", "submission"))
    unique = []
    for directory in dirs:
        directory = os.path.normpath(directory)
        if directory not in unique:
            unique.append(directory)
    return unique


def find(env, project_dir=None):
    """The config named ``env``, the project's shadowing the user's; ConfigError says where it looked."""
    if env is None or not _ENV_NAME.match(env):
        raise ConfigError("'{}' is not a submission config name (letters, digits, '.', '_' and '-')".format(env))
    project_dir = os.path.abspath(project_dir or os.getcwd())
    dirs = search_path(project_dir)
    for directory in dirs:
        file = os.path.join(directory, env + SUFFIX)
        if os.path.isfile(file):
            return load(file, env)
    known = available(dirs)
    raise ConfigError("no submission config named '{}': looked for {}{} in {}; {}".format(
        env, env, SUFFIX, _in_words(dirs), "available: " + ", ".join(known) if known else "there are none yet"))


def available(dirs):
    """The env names that have a config in any of ``dirs``, sorted."""
    names = set()
    for directory in dirs:
        if not os.path.isdir(directory):
            continue
        for name in os.listdir(directory):
            env = name[:-len(SUFFIX)]
            if name.endswith(SUFFIX) and _ENV_NAME.match(env) and os.path.isfile(os.path.join(directory, name)):
                names.add(env)
    return sorted(names)


def load(file, env=None):
    """Reads and checks one config file; ConfigError names the file, line and key at fault."""
    file = os.path.normpath(os.path.abspath(file))
    text = _read_text(file)
    entries = read_entries(file, text, skipped=ATLAS_KEYS)
    values = {}
    lines = {}
    for entry in entries:
        if entry.key not in KNOWN_KEYS:
            raise ConfigError("unknown key '{}'{}".format(entry.key, _hint(entry.key)), file, entry.line)
        if entry.nested and entry.key not in ATLAS_KEYS:
            raise ConfigError("expected a string, got a mapping", file, entry.line, entry.key)
        values[entry.key] = entry.value
        lines[entry.key] = entry.line
    url = _scheduler_url(values.get("scheduler_url"), file, lines.get("scheduler_url"))
    token = values.get("token")
    if token is not None and not token.strip():
        raise ConfigError("must not be empty", file, lines["token"], "token")
    ca_cert = values.get("ca_cert")
    if ca_cert is not None:
        if not ca_cert.strip():
            raise ConfigError("must not be empty", file, lines["ca_cert"], "ca_cert")
        if not url.lower().startswith("https:"):
            raise ConfigError("needs an https:// scheduler_url: a CA certificate only matters to TLS",
                              file, lines["ca_cert"], "ca_cert")
        ca_cert = _user_path(os.path.dirname(file), ca_cert)
    ignored = [key for key in ATLAS_KEYS if key in values]
    return SubmissionConfig(env or os.path.basename(file)[:-len(SUFFIX)], file, url, token, ca_cert, ignored)


def check_url(value, key="scheduler_url"):
    """``value`` trimmed, if it is an absolute http(s) URL with a host and no query or fragment."""
    text = value.strip()
    try:
        parts = urlsplit(text)
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname) \
            and "?" not in text and "#" not in text and " " not in text
        parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        valid = False
    if not valid:
        raise ConfigError("must be an http:// or https:// URL like {}, got '{}'".format(DEFAULT_URL, value),
                          key=key)
    return text


def _scheduler_url(value, file, line):
    if value is None or not value.strip():
        raise ConfigError("required, e.g. " + DEFAULT_URL, file, line, "scheduler_url")
    try:
        return check_url(value)
    except ConfigError as error:
        raise ConfigError(error.detail, file, line, "scheduler_url") from None


def _read_text(file):
    try:
        if os.path.getsize(file) > _MAX_BYTES:
            raise ConfigError("is larger than 2 MB, too large for a config file", file)
        with open(file, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ConfigError("cannot be read: {}".format(error.strerror or error), file) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text", file) from None


def _user_path(base, path):
    if path == "~" or path.startswith("~/"):
        return os.path.normpath(os.path.expanduser("~") + path[1:])
    return os.path.normpath(os.path.join(base, path))


def _in_words(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _hint(unknown):
    """" (did you mean token?)", or the known keys when none is close (as the Java loader says)."""
    best, best_distance = None, None
    for candidate in sorted(KNOWN_KEYS):
        distance = _distance(_normalized(unknown), _normalized(candidate))
        if best_distance is None or distance < best_distance:
            best, best_distance = candidate, distance
    if best_distance <= max(1, min(3, len(unknown) // 3)):
        return " (did you mean {}?)".format(best)
    return " (known keys: {})".format(", ".join(sorted(KNOWN_KEYS)))


def _normalized(key):
    return key.lower().replace("_", "").replace("-", "")


def _distance(a, b):
    """Edit distance where swapping two neighbours counts as one edit (optimal string alignment)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j - 1] + cost, d[i - 1][j] + 1, d[i][j - 1] + 1)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]
