"""Compatibility shim for jobs written for Atlas.

Atlas jobs do ``import foundations`` and call ``foundations.load_parameters()``,
``foundations.log_metric(...)`` and so on; this module re-exports Berth's
implementations under those names, so an Atlas ``main.py`` runs unchanged.

Scripts that submit jobs use Atlas's client surface here too: ``foundations.submit(...)`` returns a
``DeploymentWrapper``, and ``get_metrics_for_all_jobs(project)`` a DataFrame (Python 3.8+; imported only
when first used, so ``import foundations`` in a job stays cheap).

``set_job_resources`` and ``set_tensorboard_logdir`` exist so that Atlas
scripts calling them do not crash, but Berth ignores them (each warns once on
stderr). ``create_syncable_directory`` syncs nothing either, but inside a job
its directory is one the job's archive keeps.
"""

import importlib
import os
import sys
import tempfile
import threading

import berth
from berth import (
    load_parameters,
    log_metric,
    log_param,
    log_params,
    save_artifact,
    set_tag,
)

__all__ = [
    "load_parameters",
    "log_metric",
    "log_param",
    "log_params",
    "set_tag",
    "save_artifact",
    "set_job_resources",
    "create_syncable_directory",
    "set_tensorboard_logdir",
]

# not in __all__: "from foundations import *" in a job must not import the client
_CLIENT_NAMES = ("submit", "DeploymentWrapper", "get_metrics_for_all_jobs", "get_metrics_rows_for_all_jobs")


def __getattr__(name):
    if name not in _CLIENT_NAMES:
        raise AttributeError("module 'foundations' has no attribute {!r}".format(name))
    value = getattr(importlib.import_module("foundations._deployment"), name)
    globals()[name] = value
    return value

#: Where, in the job's directory, ``create_syncable_directory`` puts its directories (Atlas's name).
SYNCED_DIRECTORIES = "synced_directories"

_lock = threading.Lock()
_warned = set()


def _after_fork_in_child():
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _warn_once(function, message):
    with _lock:
        if function in _warned:
            return
        _warned.add(function)
    sys.stderr.write("berth: {}\n".format(message))
    sys.stderr.flush()


def _ignored(function, hint):
    _warn_once(function, "{} is ignored by Berth; {}".format(function, hint))


def set_job_resources(num_gpus=0, ram=None, *args, **kwargs):
    """Ignored by Berth: warns once and does nothing.

    In Atlas this set the GPUs and RAM of jobs submitted from the script.
    With Berth, set ``num_gpus`` and ``ram`` (or ``memory``) in
    ``job.config.yaml``, or pass ``--num-gpus``/``--ram`` to ``berth submit``.
    """
    _ignored(
        "set_job_resources",
        "set num_gpus and ram in job.config.yaml or on berth submit",
    )


class _SyncableDirectory(object):
    """What ``create_syncable_directory`` returns: a directory that never syncs."""

    def __init__(self, key, directory_path):
        self.key = key
        self.directory_path = directory_path

    def upload(self):
        """Does nothing: inside a job, the directory is archived with the job when it ends."""

    def download(self):
        """Does nothing (Berth has no synced directories to download from)."""

    def __fspath__(self):
        return self.directory_path

    def __str__(self):
        return self.directory_path

    def __repr__(self):
        return "SyncableDirectory(key={!r}, directory_path={!r})".format(
            self.key, self.directory_path
        )


def create_syncable_directory(key, directory_path=None, source_job_id=None):
    """Does not sync: warns once and returns a directory that the job's archive keeps.

    In Atlas this synchronised a local directory with the job's archive
    (``synced_directories/<key>``). Berth archives the job's whole directory
    when the job ends, so inside a job ``directory_path`` defaults to
    ``synced_directories/<key>`` in it (``/job/synced_directories/<key>``,
    made if missing): what the job writes there is in its archive as
    ``job/synced_directories/<key>``. Outside a job it defaults to a new
    temporary directory, which nothing keeps. A ``directory_path`` given is
    used as it is (kept only if it lies in the job's directory). ``key`` must
    be usable as a directory name. ``upload()`` and ``download()`` do
    nothing; ``source_job_id`` is ignored.
    """
    berth._check_directory_key(key, "create_syncable_directory")
    events_file = os.environ.get(berth.EVENTS_FILE_ENV)
    _warn_once(
        "create_syncable_directory",
        "create_syncable_directory does not sync with Berth: "
        + (
            "its directory (by default synced_directories/<key> in the job's "
            "directory) is archived with the job when it ends"
            if events_file
            else "outside a job its directory (by default a new temporary "
            "directory) is not kept"
        ),
    )
    if directory_path is None and events_file:
        # the events file is <job's directory>/berth/events.jsonl
        job_directory = os.path.dirname(os.path.dirname(os.path.abspath(events_file)))
        directory_path = os.path.join(job_directory, SYNCED_DIRECTORIES, key)
        os.makedirs(directory_path, exist_ok=True)
    elif directory_path is None:
        directory_path = tempfile.mkdtemp()
    return _SyncableDirectory(key, os.fspath(directory_path))


def set_tensorboard_logdir(path):
    """Ignored by Berth: warns once and does nothing.

    In Atlas this synced a TensorBoard log directory for its GUI. With
    Berth, write the logs under the job's working directory: they are
    archived with the job and ``berth get job`` returns them.
    """
    _ignored(
        "set_tensorboard_logdir",
        "logs written under the job's directory are archived with the job",
    )
