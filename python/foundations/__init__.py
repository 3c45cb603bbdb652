"""Compatibility shim for jobs written for Atlas.

Atlas jobs do ``import foundations`` and call ``foundations.load_parameters()``,
``foundations.log_metric(...)`` and so on; this module re-exports Berth's
implementations under those names, so an Atlas ``main.py`` runs unchanged.

Scripts that submit jobs use Atlas's client surface here too: ``foundations.submit(...)`` returns a
``DeploymentWrapper``, and ``get_metrics_for_all_jobs(project)`` a DataFrame (Python 3.8+; imported only
when first used, so ``import foundations`` in a job stays cheap).

``set_job_resources``, ``create_syncable_directory`` and
``set_tensorboard_logdir`` exist so that Atlas scripts calling them do not
crash, but Berth ignores them (each warns once on stderr).
"""

import importlib
import os
import sys
import tempfile
import threading

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

_lock = threading.Lock()
_warned = set()


def _after_fork_in_child():
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _ignored(function, hint):
    with _lock:
        if function in _warned:
            return
        _warned.add(function)
    sys.stderr.write("berth: {} is ignored by Berth; {}\n".format(function, hint))
    sys.stderr.flush()


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
        """Does nothing (Berth has no synced directories)."""

    def download(self):
        """Does nothing (Berth has no synced directories)."""

    def __fspath__(self):
        return self.directory_path

    def __str__(self):
        return self.directory_path

    def __repr__(self):
        return "SyncableDirectory(key={!r}, directory_path={!r})".format(
            self.key, self.directory_path
        )


def create_syncable_directory(key, directory_path=None, source_job_id=None):
    """Ignored by Berth: warns once and returns a directory that never syncs.

    In Atlas this synchronised a local directory with the job's archive
    (``synced_directories/<key>``). Berth keeps no synced directories; write
    files under the job's working directory (archived when the job ends) or
    use ``save_artifact``. The returned object has ``upload()`` and
    ``download()`` methods that do nothing, so scripts calling them keep
    running; ``directory_path`` defaults to a new temporary directory, as in
    Atlas.
    """
    _ignored(
        "create_syncable_directory",
        "files written under the job's directory are archived when it ends; "
        "use save_artifact for single files",
    )
    if directory_path is None:
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
