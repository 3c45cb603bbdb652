"""A job as it will be queued: the project's job.config.yaml, read by the server, with the caller's overrides.

The server reads job.config.yaml (``POST /job-config``) so that Python and Java agree on it to the
letter; the overrides are applied here exactly as the Java SDK's ``PreparedJob.from`` applies them.
"""

import datetime
import json
import os
import re
import shlex
import unicodedata

from . import _quantities
from ._errors import ApiError, ConfigError
from ._paths import real_directory

JOB_CONFIG = "job.config.yaml"
_MAX_CONFIG_BYTES = 2 * 1024 * 1024
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_PROJECT_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit, up to 128"


class Overrides(object):
    """What the caller sets over job.config.yaml; None leaves the config's value."""

    def __init__(self, image=None, environment=None, num_gpus=None, cpus=None, memory=None, timeout=None,
                 priority=None, max_attempts=None, retry_on_failure=None, project_name=None, entrypoint=None):
        self.image = image
        self.entrypoint = _entrypoint(entrypoint) if entrypoint is not None else None
        self.environment = _environment(environment or {})
        self.project_name = _project_name(project_name) if project_name is not None else None
        self.requests = {}
        if num_gpus is not None:
            self.requests["numGpus"] = _whole("num_gpus", num_gpus, 0, None)
        if cpus is not None:
            self.requests["cpus"] = value_error(_quantities.cpus, "cpus", cpus)
        if memory is not None:
            self.requests["memoryBytes"] = _memory(memory)
        if timeout is not None:
            self.requests["timeoutSeconds"] = _timeout(timeout)
        if priority is not None:
            self.requests["priority"] = _whole("priority", priority, -1000, 1000)
        if max_attempts is not None:
            self.requests["maxAttempts"] = _whole("max_attempts", max_attempts, 1, None)
        if retry_on_failure is not None:
            if not isinstance(retry_on_failure, bool):
                raise ValueError("retry_on_failure: expected True or False, got {!r}".format(retry_on_failure))
            self.requests["retryOnFailure"] = retry_on_failure


class PreparedJob(object):
    """Everything but the bundle: project, command, params and the spec (a JobSpec as JSON)."""

    def __init__(self, project, command, params, spec, config_file):
        self.project, self.command, self.params, self.spec = project, command, params, spec
        self.config_file = config_file

    def body(self, bundle_digest, idempotency_key):
        """The SubmitJobRequest for this job."""
        return {"bundleDigest": bundle_digest, "project": self.project, "command": self.command,
                "params": self.params, "spec": self.spec, "idempotencyKey": idempotency_key}


def prepare(transport, project_dir, command=None, params=None, overrides=None):
    """Reads job.config.yaml through the server and applies the overrides; refuses a job with no command."""
    real_directory(project_dir)
    overrides = overrides or Overrides()
    file = os.path.join(project_dir, JOB_CONFIG)
    config = _job_config(transport, project_dir, file)
    spec = dict(config.get("spec") or {})
    command = _command("command", command) if command else list(config.get("command") or [])
    if not command:
        raise ConfigError("no command to run: pass one to submit (command=['main.py']), or set worker.command "
                          "(or worker.args) in " + file)
    merged_params = dict(config.get("params") or {})
    merged_params.update(check_params("params", params or {}))
    environment = dict(spec.get("environment") or {})
    environment.update(overrides.environment)
    spec["environment"] = environment
    if overrides.image is not None:
        spec["image"] = overrides.image
    if overrides.entrypoint is not None:
        spec["entrypoint"] = overrides.entrypoint
    requests = dict(spec.get("requests") or {})
    requests.update(overrides.requests)
    spec["requests"] = requests
    run_as = _uid_gid()
    if run_as is not None:
        spec["runAs"] = run_as
    project = overrides.project_name if overrides.project_name is not None else config.get("project")
    return PreparedJob(project, command, merged_params, spec, file)


def _job_config(transport, project_dir, file):
    text = None
    if os.path.isfile(file):
        if os.path.getsize(file) > _MAX_CONFIG_BYTES:
            raise ConfigError("is larger than 2 MB, too large for a config file", file)
        with open(file, "rb") as handle:
            try:
                text = handle.read().decode("utf-8")
            except UnicodeDecodeError:
                raise ConfigError("is not UTF-8 text", file) from None
    name = os.path.basename(os.path.normpath(os.path.abspath(project_dir)))
    try:
        return transport.call("POST", "/job-config", {"file": file, "text": text, "directoryName": name or None})
    except ApiError as error:
        if error.code == "bad_request":
            raise ConfigError(error.message) from None
        raise


def _uid_gid():
    """This process's ``uid:gid``, for servers that run jobs as their submitter; None off Unix."""
    if hasattr(os, "getuid"):
        return "{}:{}".format(os.getuid(), os.getgid())
    return None


def _command(what, command):
    """A list of strings; a string is split as a shell would split it."""
    if isinstance(command, str):
        return shlex.split(command)
    command = list(command)
    if not all(isinstance(word, str) for word in command):
        raise ValueError("{}: expected a list of strings, got {!r}".format(what, command))
    return command


def _entrypoint(entrypoint):
    """An entrypoint needs a program to run, as the Java SDK's JobRequest says: an empty one would make Docker
    run the command bare (``main.py``, which fails with exit code 127)."""
    words = _command("entrypoint", entrypoint)
    if not words or not words[0].strip():
        raise ValueError("entrypoint: an entrypoint needs a program to run, got {!r}".format(entrypoint))
    return words


def check_params(where, params):
    """``params`` if each is named by a non-blank string and has a value JSON can carry; else a ValueError
    naming the one at fault."""
    if not isinstance(params, dict):
        raise ValueError("{}: expected a dict, got {!r}".format(where, params))
    for key, value in params.items():
        if not isinstance(key, str) or not key.strip():
            raise ValueError("{}: a parameter has no name".format(where))
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise ValueError("{}: the value of '{}' cannot be sent as JSON: {}".format(where, key, error)) from None
    return params


def _environment(variables):
    environment = {}
    for name, value in variables.items():
        if not isinstance(name, str) or not _VARIABLE_NAME.match(name):
            raise ValueError("'{}' is not an environment variable name (letters, digits and '_', not starting "
                             "with a digit)".format(name))
        if value is None:
            raise ValueError("environment: {} has no value".format(name))
        environment[name] = value if isinstance(value, str) else str(value)
    return environment


def _project_name(name):
    if not _valid_project_name(name):
        suggestion = _made_valid(name) if isinstance(name, str) else None
        raise ConfigError("'{}' is not a valid project name ({}){}".format(
            name, _PROJECT_RULE, "" if suggestion is None else "; use '{}'".format(suggestion)))
    return name


def _valid_project_name(name):
    return isinstance(name, str) and 0 < len(name) <= 128 and unicodedata.category(name[0])[0] in "LN" \
        and all(unicodedata.category(c)[0] in "LMN" or c in "._-" for c in name)


def _made_valid(name):
    """As the server's ProjectNames: each run of other characters one '-', leading non-letters dropped."""
    made, run = [], False
    for c in name:
        allowed = unicodedata.category(c)[0] in "LMN" or c in "._-"
        if allowed:
            made.append(c)
        elif not run:
            made.append("-")
        run = not allowed
    made = "".join(made)
    while made and unicodedata.category(made[0])[0] not in "LN":
        made = made[1:]
    made = made[:128]
    return made if _valid_project_name(made) else None


def _whole(key, value, low, high):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("{}: expected a whole number (an int), got {!r}".format(key, value))
    if value < low or (high is not None and value > high):
        raise ValueError("{} must be {}, got {!r}".format(
            key, "{} or more".format(low) if high is None else "from {} to {}".format(low, high), value))
    return value


def _memory(memory):
    """Bytes: a number is bytes whatever its type (at least 6 MiB); a string takes the CLI's forms (8g, 512m;
    a bare number in a string is GB, as in job.config.yaml)."""
    if isinstance(memory, float):
        if not memory.is_integer():
            raise ValueError("memory: a number is bytes, so it must be a whole number, got {!r} (write "
                             "'1.5g' for 1.5 GB)".format(memory))
        memory = int(memory)
    if isinstance(memory, int) and not isinstance(memory, bool):
        memory = "{}b".format(memory)
    return value_error(_quantities.memory_bytes, "memory", memory)


def _timeout(timeout):
    """Seconds: an int, a timedelta, or the CLI's forms (30s, 90m, 2h)."""
    if isinstance(timeout, datetime.timedelta):
        timeout = int(timeout.total_seconds())
    return value_error(_quantities.duration_seconds, "timeout", timeout)


def value_error(parse, key, value):
    """``parse(key, value)``, its ConfigError a ValueError: a bad argument, not a bad file."""
    try:
        return parse(key, value)
    except ConfigError as error:
        raise ValueError(str(error)) from None
