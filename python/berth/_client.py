"""``berth.connect``: submit jobs and sweeps to a Berth server, and find what is on it."""

import os

from . import _config
from ._handles import JobHandle, SweepHandle
from ._metrics import data_frame, job_rows
from ._prepare import Overrides, prepare
from ._submit import new_idempotency_key, retried, with_bundle
from ._sweep import Sweep
from ._transport import Transport, segment


def connect(env="scheduler", project_dir=None):
    """The server of the submission config ``env``, found as ``berth`` finds it: in
    ``<project_dir or cwd>/config/submission/``, then ``$BERTH_HOME``, then Atlas's places."""
    config = _config.find(env, project_dir)
    return Client(config.scheduler_url, config.token, config.ca_cert, env=config.env)


class Client(object):
    """One Berth server. ``url``, ``token`` and ``ca_cert`` as a submission config has them."""

    def __init__(self, url, token=None, ca_cert=None, env=None):
        self.url = _config.check_url(url, "url")
        self._transport = Transport(self.url, token, ca_cert, env)

    def status(self):
        """The server's ServerStatus: version, slots, capacity, what is running and queued."""
        return self._transport.call("GET", "/status")

    def submit(self, project_dir, command=None, params=None, image=None, environment=None, num_gpus=None,
               cpus=None, memory=None, timeout=None, priority=None, max_attempts=None, retry_on_failure=None,
               project_name=None, entrypoint=None):
        """Bundles the project, uploads it unless the server has it, and queues one job; returns a JobHandle.

        job.config.yaml is read by the server before anything is bundled, so a server that is not there
        or a bad config fails first.
        ``command`` is a list (``["main.py", "--epochs", "3"]``) or a string split as a shell would; None
        takes ``worker.command`` from job.config.yaml. ``params`` are merged over the config's.
        ``memory``: bytes, or ``"8g"``/``"512m"`` (a bare number in a string is GB); ``timeout``: seconds,
        a timedelta, or ``"90m"``/``"2h"``. Every other override replaces the config's value.
        """
        overrides = Overrides(image, environment, num_gpus, cpus, memory, timeout, priority, max_attempts,
                              retry_on_failure, project_name, entrypoint)
        job = prepare(self._transport, project_dir, command, params, overrides)
        key = new_idempotency_key()  # one per submission: its retries queue it once
        view = with_bundle(self._transport, project_dir, job, lambda digest: retried(
            lambda: self._transport.call("POST", "/jobs", job.body(digest, key))))
        return JobHandle(self._transport, view["id"])

    def sweep(self, project_dir, sweep, command=None, params=None, **overrides):
        """Queues one job per parameter set of ``sweep`` (a Sweep), each set merged over ``params``: the
        project is bundled and uploaded once and the whole sweep queued with one request. ``overrides``
        are those of ``submit``."""
        if not isinstance(sweep, Sweep):
            raise ValueError("sweep: expected a Sweep (Sweep.grid, Sweep.random or Sweep.of), got {!r}".format(sweep))
        job = prepare(self._transport, project_dir, command, params, Overrides(**overrides))
        key = new_idempotency_key()

        def queue(digest):
            body = job.body(digest, key)
            body["paramSets"] = sweep.param_sets
            # the id only: a sweep of 100,000 jobs would otherwise come back as 44 MB of job views
            return retried(lambda: self._transport.call("POST", "/sweeps", body, headers={"Prefer": "return=minimal"}))

        return SweepHandle(self._transport, with_bundle(self._transport, project_dir, job, queue)["id"])

    def job(self, ref):
        """The job with this id, or the one whose id starts with ``ref``."""
        return JobHandle(self._transport, self._transport.call("GET", "/jobs/" + segment(ref))["id"])

    def sweep_handle(self, ref):
        """A sweep queued earlier, by its id or a unique start of it."""
        return SweepHandle(self._transport, self._transport.call("GET", "/sweeps/" + segment(ref, "sweep"))["id"])

    def jobs(self, project=None, sweep=None, state=None):
        """The jobs that match (JobView dicts), oldest first, each with its latest metrics and tags."""
        query = {name: value for name, value in (("project", project), ("sweep", sweep), ("state", state))
                 if value is not None}
        return self._transport.call("GET", "/jobs", query=query)

    def metrics(self, project=None, sweep=None, state=None, submitted_params=True):
        """One dict per job: id, state, submitted (unless ``submitted_params`` is false) and logged params,
        latest metrics and ``tag_<name>``s. No name replaces another: a param ``id`` is ``param_id``, a
        metric named like a param or a fixed column ``metric_<name>``."""
        return job_rows(self.jobs(project, sweep, state), self._details, submitted_params)

    def _details(self, job_id):
        return JobHandle(self._transport, job_id).details()

    def metrics_frame(self, project=None, sweep=None, state=None):
        """``metrics(...)`` as a pandas DataFrame (pandas needed)."""
        return data_frame(self.metrics(project, sweep, state), "Client.metrics(...)")

    def __repr__(self):
        return "Berth at " + self.url
