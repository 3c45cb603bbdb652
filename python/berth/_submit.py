"""The submit path shared by jobs and sweeps: bundle, upload unless the server has it, queue once.

Every submission carries an idempotency key, and a submission whose answer is lost (a dropped
connection, a server saying 503 while its store is away) is sent again with the same key, so the
server queues it once whatever happens.
"""

import os
import re
import sys
import time
import uuid

from ._bundle import WARN_BYTES, bundle as make_bundle
from ._errors import ApiError, BerthError, BundleError, ConfigError, InvalidIdError, ServerCertificateError
from ._paths import inside

#: Pauses before each new try of an idempotent request whose answer did not arrive.
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)
_SOURCE_DIR = "/job/job_source"
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?$")


def new_idempotency_key():
    return str(uuid.uuid4())


def retried(call):
    """``call()``, tried again after a lost answer or a 503; any other answer would come back the same."""
    for attempt in range(len(RETRY_DELAYS) + 1):
        try:
            return call()
        except BerthError as error:
            if attempt == len(RETRY_DELAYS) or not _worth_another_try(error):
                raise
            time.sleep(RETRY_DELAYS[attempt])


def _worth_another_try(error):
    if isinstance(error, ApiError):
        return error.status == 503
    return not isinstance(error, (ServerCertificateError, ConfigError, BundleError, InvalidIdError))


def with_bundle(transport, project_dir, job, queue):
    """Bundles the project, uploads it unless the server has it, and calls ``queue(digest)``; if the server
    dropped the bundle between the check and the queueing (``bad_bundle``), uploads it and queues again."""
    with make_bundle(project_dir) as bundle:
        require_script_bundled(project_dir, job, bundle)
        if bundle.is_large:
            _warn_large(bundle)
        uploaded = not has_bundle(transport, bundle.sha256)
        if uploaded:
            upload(transport, bundle)
        try:
            return queue(bundle.sha256)
        except ApiError as error:
            if uploaded or error.code != "bad_bundle":
                raise
            upload(transport, bundle)
            return queue(bundle.sha256)


def _warn_large(bundle):
    """The CLI's warning (SubmitProgress), on stderr: probably data that belongs in .berthignore or a volume."""
    sys.stderr.write("berth: warning: the bundle is over {}; largest entries: {}. List what the job does not "
                     "need in .berthignore, or mount data with worker.volumes.\n".format(
                         _human(WARN_BYTES), ", ".join("{} ({})".format(path, _human(size))
                                                       for path, size in bundle.largest)))
    sys.stderr.flush()


def _human(size):
    """Bytes as the CLI's Sizes.human writes them: 512 B, 1.5 KiB, 100.0 MiB."""
    if size < 1024:
        return "{} B".format(size)
    value, unit = float(size), -1
    while value >= 1024 and unit < 3:
        value /= 1024
        unit += 1
    return "{:.1f} {}".format(value, ("KiB", "MiB", "GiB", "TiB")[unit])


def _require_taken(transport, bundle):
    """Refuses, before a byte is sent, a bundle larger than the server takes (its ``maxBundleBytes``; older
    servers do not say): it would refuse it only once it had taken its limit's worth."""
    status = retried(lambda: transport.call("GET", "/status")) or {}
    limit = status.get("maxBundleBytes")
    if isinstance(limit, int) and bundle.bytes > limit:
        size, most = _sizes(bundle.bytes, limit)
        raise BundleError("the project's bundle is {}; the server at {} takes at most {} (max_bundle_size in its "
                          "server.yaml): leave large files out with .berthignore, or mount data with worker.volumes"
                          .format(size, transport.url, most))


def _sizes(size, limit):
    """Both sizes as the CLI writes them, or in bytes where they would read the same."""
    shown = _human(size), _human(limit)
    return shown if shown[0] != shown[1] else ("{} bytes".format(size), "{} bytes".format(limit))


def has_bundle(transport, digest):
    return retried(lambda: transport.status_of("HEAD", "/bundles/" + digest)) == 200


def upload(transport, bundle):
    _require_taken(transport, bundle)

    def put():
        with open(bundle.file, "rb") as data:
            transport.exchange("PUT", "/bundles/" + bundle.sha256, data=data, timeout=None, headers={
                "Content-Type": "application/gzip", "Content-Length": str(bundle.bytes)})
    retried(put)


def require_script_bundled(project_dir, job, bundle):
    """The job's script (``main.py``, ``src/train.sh``, the ``train.py`` of ``python3 -u train.py``) must be in
    the bundle, or the job would only fail at its start; judged only where the project's copy is surely where
    the command is looked for."""
    spec = job.spec
    if not job.command or not bundle.paths or spec.get("workingDir") or spec.get("entrypoint") is not None \
            or any(v.get("containerPath", "").startswith(_SOURCE_DIR) for v in spec.get("volumes") or []):
        return
    words = _script_words(job.command)
    if words is None or words[-1].startswith("/"):
        return
    script = words[-1]
    root = os.path.normpath(os.path.abspath(project_dir))
    file = os.path.normpath(os.path.join(root, script))
    if file == root or not inside(file, root):
        return
    path = os.path.relpath(file, root).replace(os.sep, "/")
    parts = path.split("/")
    if any("/".join(parts[:i]) in bundle.paths for i in range(1, len(parts) + 1)):
        return  # the file itself, or a linked directory on its way that the bundle keeps as a link
    if not os.path.exists(file):
        raise BundleError("the job's command is {}, but there is no {} in {}".format(" ".join(words), path, root))
    always_left_out = path.startswith(".git/") or path.startswith("config/submission/")
    raise BundleError("{} is the job's {}, but {}, so the job could not run it{}".format(
        path, "command" if len(words) == 1 else "script",
        "Berth leaves .git/ and config/submission/ out of every bundle" if always_left_out
        else ".berthignore leaves it out of the bundle", "" if always_left_out else
        "; take it out of .berthignore"))


def _script_words(command):
    """The command's words up to the project's script it runs, or None: its first word when that is a path or
    a .py file, or the .py file a bare ``python``, ``python3`` or ``pythonX.Y`` runs (after an optional -u)."""
    first = command[0]
    if _PYTHON.match(first):
        at = 2 if command[1:2] == ["-u"] else 1
        return command[:at + 1] if len(command) > at and command[at].endswith(".py") else None
    return command[:1] if "/" in first or first.endswith(".py") else None
