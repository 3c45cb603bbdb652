"""Helpers for code running inside a Berth job container.

Standard library only; compatible with Python 3.7+. No network, no
credentials: every report is one line appended to the events file the
server names in ``BERTH_EVENTS_FILE`` (see ``docs/job-helpers.md``)::

    import berth
    params = berth.load_parameters()
    berth.log_param("optimizer", "adam")
    for epoch in range(params.get("epochs", 3)):
        berth.log_metric("loss", 1.0 / (epoch + 1))     # steps 0, 1, 2, ...
    berth.set_tag("model", "resnet")
    berth.save_artifact("plot.png")

The same package is the client that submits jobs from outside (``berth.connect``; see
``docs/python.md``), imported only when its names are first used.

Outside a Berth job (``BERTH_EVENTS_FILE`` unset) every reporting function
prints ``berth: not running in a Berth job; <function> does nothing`` once
on stderr and returns without doing anything.

All functions are thread-safe, and lines written concurrently by threads or
processes never interleave: each event is a single ``write`` to a file
opened with ``O_APPEND``.
"""

import datetime
import importlib
import json
import math
import os
import shutil
import sys
import threading
import uuid

__all__ = [
    "load_parameters",
    "job_id",
    "log_metric",
    "log_param",
    "log_params",
    "set_tag",
    "save_artifact",
]

# The client (Python 3.8+, see docs/python.md) is imported only when one of its names is used, so that
# ``import berth`` in a job stays cheap and needs neither ssl, urllib nor tarfile.
_CLIENT_NAMES = {
    "connect": "_client", "Client": "_client",
    "Sweep": "_sweep", "uniform": "_sweep", "log_uniform": "_sweep", "integer": "_sweep", "choice": "_sweep",
    "JobHandle": "_handles", "SweepHandle": "_handles",
    "BerthError": "_errors", "ConfigError": "_errors", "BundleError": "_errors", "InvalidIdError": "_errors",
    "ApiError": "_errors", "UnauthorizedError": "_errors", "ServerUnreachableError": "_errors",
    "ServerCertificateError": "_errors", "AwaitTimeoutError": "_errors", "JobFailedError": "_errors",
}


def __getattr__(name):
    module = _CLIENT_NAMES.get(name)
    if module is None:
        raise AttributeError("module 'berth' has no attribute {!r}".format(name))
    value = getattr(importlib.import_module("berth." + module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_CLIENT_NAMES))

#: Environment variable naming the JSON file with the job's parameters.
PARAMETERS_FILE_ENV = "BERTH_PARAMETERS_FILE"
#: File looked for in the current directory when the variable is not set
#: (the name Atlas used, so existing jobs keep working).
DEFAULT_PARAMETERS_FILE = "foundations_job_parameters.json"
#: Environment variable carrying the job's id.
JOB_ID_ENV = "BERTH_JOB_ID"
#: Environment variable naming the events file (JSON Lines) the server reads.
EVENTS_FILE_ENV = "BERTH_EVENTS_FILE"

#: An event line, including its terminating newline, is at most this many
#: bytes (that is, under 64 KiB).
MAX_LINE_BYTES = 65535
#: Keys are non-empty strings of at most this many characters.
MAX_KEY_LENGTH = 256
#: Directory, next to the events file, that saved artifacts are copied to.
ARTIFACTS_DIR = "artifacts"

_NO_PARAMETERS_WARNING = (
    "berth: not running in a Berth job or no parameters given; "
    "load_parameters() returns {}"
)
_warned_no_parameters = False

# One lock guards the per-key step counters, the write of each line and the
# set of warnings already given.
_lock = threading.Lock()
_steps = {}
_warned = set()


def _after_fork_in_child():
    # a fork while another thread held the lock (e.g. a DataLoader worker
    # started mid-write) must not leave the child's lock held forever
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

_TEMP_PREFIX = ".berth-tmp-"
# what _append adds to an event: ',"time":"2026-11-22T02:59:59.123Z"' and "\n"
_TIME_AND_NEWLINE_BYTES = len(',"time":"2026-11-22T02:59:59.123Z"') + 1


def _parameters_path():
    """Return the path of the parameters file to read, or None."""
    from_env = os.environ.get(PARAMETERS_FILE_ENV)
    if from_env and os.path.isfile(from_env):
        return from_env
    if os.path.isfile(DEFAULT_PARAMETERS_FILE):
        return DEFAULT_PARAMETERS_FILE
    return None


def load_parameters(log_parameters=True):
    """Return the job's parameters as a dict.

    The parameters are read from the JSON file named by the environment
    variable ``BERTH_PARAMETERS_FILE``; if that is unset or names no file,
    from ``foundations_job_parameters.json`` in the current directory.
    If neither exists (for example when the script runs outside Berth), a
    warning is printed once to stderr and ``{}`` is returned.

    ``log_parameters`` is accepted for compatibility with Atlas's
    ``foundations.load_parameters(log_parameters=True)`` and deliberately
    does nothing: Atlas logged the loaded parameters as the job's params, but
    the Berth server already records the parameters the job was submitted
    with, so writing them again would only duplicate them. Use
    ``log_param``/``log_params`` for parameters the job computes itself.

    Raises ``ValueError`` if the file is not valid JSON or does not hold a
    JSON object.
    """
    global _warned_no_parameters

    path = _parameters_path()
    if path is None:
        if not _warned_no_parameters:
            _warned_no_parameters = True
            sys.stderr.write(_NO_PARAMETERS_WARNING + "\n")
            sys.stderr.flush()
        return {}

    with open(path, "r", encoding="utf-8") as handle:
        try:
            parameters = json.load(handle)
        except ValueError as error:
            raise ValueError(
                "berth: parameters file {!r} is not valid JSON: {}".format(path, error)
            )
    if not isinstance(parameters, dict):
        raise ValueError(
            "berth: parameters file {!r} must hold a JSON object, not {}".format(
                path, type(parameters).__name__
            )
        )
    return parameters


def job_id():
    """Return the id of the running Berth job (``BERTH_JOB_ID``), or None."""
    return os.environ.get(JOB_ID_ENV) or None


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------


def log_metric(key, value, step=None):
    """Record a value of the metric ``key``.

    ``value`` is a number (int or float; not a bool, NaN or infinity), a
    string, or a list (or tuple) of numbers and strings. numpy scalars and
    arrays are converted with ``.item()`` / ``.tolist()``.

    ``step`` is an int. When it is omitted the helper numbers the calls for
    each key within this process: 0, 1, 2, ... (an explicit step does not
    advance that count). Every call adds a value; nothing is overwritten.

    Raises ``ValueError`` naming the key for an invalid key, value or step,
    or when the event would be longer than the 64 KiB line limit.
    """
    events_file = _events_file("log_metric")
    if events_file is None:
        return
    _check_key(key, "log_metric")
    value = _metric_value(key, value)
    if step is not None:
        step = _step(key, step)
    with _lock:
        if step is None:
            step = _steps.get(key, 0)
            advance = True
        else:
            advance = False
        line = _line(
            "log_metric",
            key,
            [("kind", "metric"), ("key", key), ("value", value), ("step", step)],
        )
        _append(events_file, line)
        if advance:
            _steps[key] = step + 1


def log_param(key, value):
    """Record the parameter ``key`` with ``value``, any JSON value.

    numpy scalars and arrays are converted; NaN and infinity are rejected.
    Raises ``ValueError`` naming the key for an invalid key or value, or when
    the event would be longer than the 64 KiB line limit.
    """
    events_file = _events_file("log_param")
    if events_file is None:
        return
    line = _param_line(key, value, "log_param")
    with _lock:
        _append(events_file, line)


def log_params(params):
    """Record every item of the dict ``params`` as a parameter (one event each).

    All items are checked before anything is written, so an invalid one
    leaves no partial record.
    """
    events_file = _events_file("log_params")
    if events_file is None:
        return
    if not isinstance(params, dict):
        raise ValueError(
            "berth: log_params needs a dict, not {}".format(type(params).__name__)
        )
    lines = [_param_line(key, value, "log_params") for key, value in params.items()]
    with _lock:
        for line in lines:
            _append(events_file, line)


def set_tag(key, value=""):
    """Tag the job: ``key`` with the string ``value`` (default ``""``).

    Numbers and booleans are turned into strings (``str(value)``), as Atlas
    stored them; other types raise ``ValueError``. Setting a tag again
    replaces its value.
    """
    events_file = _events_file("set_tag")
    if events_file is None:
        return
    _check_key(key, "set_tag")
    if isinstance(value, (bool, int, float)):
        value = str(value)
    elif not isinstance(value, str):
        raise ValueError(
            "berth: set_tag: the value of tag {!r} must be a string, not {}".format(
                key, type(value).__name__
            )
        )
    with _lock:
        _append(
            events_file,
            _line("set_tag", key, [("kind", "tag"), ("key", key), ("value", value)]),
        )


def save_artifact(filepath, key=None):
    """Save a copy of the file ``filepath`` with the job, under ``key``.

    The file is copied to ``artifacts/<key>/<basename>`` next to the events
    file (the copy appears atomically), then an ``artifact`` event is
    written. ``key`` defaults to the file's basename and must be usable as a
    directory name (no ``/``, not ``.`` or ``..``). Saving the same key again
    replaces the earlier copy; the latest event wins.

    Raises ``FileNotFoundError`` if ``filepath`` does not exist,
    ``IsADirectoryError`` if it is a directory, and ``ValueError`` for an
    invalid key.
    """
    events_file = _events_file("save_artifact")
    if events_file is None:
        return
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(
            2, "berth: save_artifact: no such file", filepath
        )
    if os.path.isdir(filepath):
        raise IsADirectoryError(
            21, "berth: save_artifact: a directory, not a file", filepath
        )
    basename = os.path.basename(filepath)
    if key is None:
        key = basename
    _check_directory_key(key, "save_artifact")

    base_dir = os.path.dirname(os.path.abspath(events_file))
    key_dir = os.path.join(base_dir, ARTIFACTS_DIR, key)
    os.makedirs(key_dir, exist_ok=True)
    temp = os.path.join(key_dir, _TEMP_PREFIX + uuid.uuid4().hex)
    try:
        shutil.copyfile(filepath, temp)
        size = os.path.getsize(temp)
        relative = "/".join((ARTIFACTS_DIR, key, basename))
        line = _line(
            "save_artifact",
            key,
            [
                ("kind", "artifact"),
                ("key", key),
                ("path", relative),
                ("bytes", size),
            ],
        )
        with _lock:
            os.replace(temp, os.path.join(key_dir, basename))
            _remove_others(key_dir, keep=basename)
            _append(events_file, line)
    finally:
        if os.path.lexists(temp):
            os.remove(temp)


# --------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------


def _events_file(function):
    """The events file's path, or None (after a one-time warning) outside a job."""
    path = os.environ.get(EVENTS_FILE_ENV)
    if path:
        return path
    with _lock:
        if function in _warned:
            return None
        _warned.add(function)
    sys.stderr.write(
        "berth: not running in a Berth job; {} does nothing\n".format(function)
    )
    sys.stderr.flush()
    return None


def _check_key(key, function):
    if not isinstance(key, str):
        raise ValueError(
            "berth: {}: key {!r} must be a string, not {}".format(
                function, key, type(key).__name__
            )
        )
    if not key:
        raise ValueError("berth: {}: key must not be empty".format(function))
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError(
            "berth: {}: key {!r}... is {} characters long, more than {}".format(
                function, key[:40], len(key), MAX_KEY_LENGTH
            )
        )
    if "\n" in key or "\r" in key:
        raise ValueError(
            "berth: {}: key {!r} must not contain a line break".format(function, key)
        )


def _check_directory_key(key, function):
    """A key that names a directory of its own: no '/', not '.' or '..', at most 255 bytes."""
    _check_key(key, function)
    if "/" in key or "\0" in key or key in (".", "..") or len(key.encode("utf-8", "surrogateescape")) > 255:
        raise ValueError(
            "berth: {}: key {!r} cannot be used as a directory name "
            "(no '/', not '.' or '..', at most 255 bytes)".format(function, key)
        )


def _plain(value):
    """numpy (and similar) scalars and arrays as Python values."""
    if isinstance(value, (str, bytes, list, tuple, dict, int, float)) or value is None:
        return value
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return item()
        except (ValueError, TypeError):
            pass  # not a single element: maybe an array
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return tolist()
    return value


def _metric_scalar(key, value):
    value = _plain(value)
    if isinstance(value, bool):
        raise ValueError(
            "berth: log_metric: the value of metric {!r} is a bool; "
            "use a number (0/1) or a string".format(key)
        )
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(
                "berth: log_metric: the value of metric {!r} is {!r}; "
                "NaN and infinity cannot be recorded".format(key, value)
            )
        return float(value)
    return _bad_metric(key, value)


def _bad_metric(key, value):
    raise ValueError(
        "berth: log_metric: the value of metric {!r} must be a number, a string "
        "or a list of them, not {}".format(key, type(value).__name__)
    )


def _metric_value(key, value):
    value = _plain(value)
    if isinstance(value, (list, tuple)):
        result = []
        for element in value:
            element = _plain(element)
            if isinstance(element, (list, tuple, dict)):
                _bad_metric(key, value)
            result.append(_metric_scalar(key, element))
        return result
    return _metric_scalar(key, value)


def _step(key, step):
    original = step
    step = _plain(step)
    if isinstance(step, bool) or not isinstance(step, int):
        raise ValueError(
            "berth: log_metric: the step of metric {!r} must be an int, not {!r}".format(
                key, original
            )
        )
    if not -(2 ** 63) <= step < 2 ** 63:
        raise ValueError(
            "berth: log_metric: the step of metric {!r} is out of range: {}".format(
                key, step
            )
        )
    return int(step)


def _json_default(value):
    converted = _plain(value)
    if converted is value:
        raise TypeError(
            "{} is not JSON serializable".format(type(value).__name__)
        )
    return converted


def _param_line(key, value, function):
    """A param event without its time (the caller stamps it), checked."""
    _check_key(key, function)
    return _line(function, key, [("kind", "param"), ("key", key), ("value", value)])


def _line(function, key, fields):
    """The event ``fields`` as a compact JSON object, without time and newline.

    Raises ValueError naming the key if a value cannot be written as JSON or
    the line, once ``_append`` adds the time and the newline, would be longer
    than ``MAX_LINE_BYTES``.
    """
    try:
        text = _dumps(dict(fields))
    except (TypeError, ValueError) as error:
        raise ValueError(
            "berth: {}: the value of {!r} cannot be recorded as JSON: {}".format(
                function, key, error
            )
        )
    size = len(text.encode("utf-8")) + _TIME_AND_NEWLINE_BYTES
    if size > MAX_LINE_BYTES:
        raise ValueError(
            "berth: {}: the event for {!r} would be a {}-byte line, over the "
            "{}-byte limit; record a shorter value (or save it as an "
            "artifact)".format(function, key, size, MAX_LINE_BYTES)
        )
    return text


def _dumps(obj):
    text = json.dumps(
        obj,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_json_default,
    )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # lone surrogates (e.g. undecodable file names): escape them
        text = json.dumps(
            obj,
            separators=(",", ":"),
            ensure_ascii=True,
            allow_nan=False,
            default=_json_default,
        )
    return text


def _now():
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + "{:03d}Z".format(now.microsecond // 1000)


def _append(events_file, text):
    """Append ``text`` (from ``_line``) with its time as one line, in one write.

    Called with ``_lock`` held; the time is taken here so that the lines of
    one process are in time order.
    """
    data = (text[:-1] + ',"time":"' + _now() + '"}\n').encode("utf-8")
    directory = os.path.dirname(events_file)
    if directory and not os.path.isdir(directory):
        os.makedirs(directory, exist_ok=True)
    fd = os.open(events_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        written = os.write(fd, data)
        # a regular file only takes less on a full disk or a signal; write
        # the rest rather than leave half a line behind
        while written < len(data):
            written += os.write(fd, data[written:])
    finally:
        os.close(fd)


def _remove_others(key_dir, keep):
    """Remove earlier copies saved under the same key (not in-flight copies)."""
    for name in os.listdir(key_dir):
        if name == keep or name.startswith(_TEMP_PREFIX):
            continue
        path = os.path.join(key_dir, name)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
        except OSError:
            pass
