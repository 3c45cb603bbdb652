"""Handles on jobs and sweeps on the server. A job handle holds only the id: every call asks afresh.

Jobs are JobView dicts as the server sends them (``id``, ``state``, ``params``, ``metrics``, ``tags``,
``createdAt``, ``finishedAt``, ``exitCode``, ``reason``, ...).
"""

import codecs
import http.client
import os
import sys
import tempfile
import threading
import time

from ._archive import extract
from ._errors import (ApiError, AwaitTimeoutError, BerthError, ServerCertificateError,
                      ServerUnreachableError)
from ._transport import segment
from ._waiting import Polling, wait_out

FINISHED = ("completed", "failed", "stopped")
#: How often a broken log stream is opened again in a row before ``follow_logs`` gives up.
LOG_RECONNECTS = 10


def finished(job):
    return job.get("state") in FINISHED


class JobHandle(object):
    """One job on the server, by its full id."""

    def __init__(self, transport, job_id):
        self._transport = transport
        self.id = job_id

    def view(self):
        """The job as the server has it now (a JobView dict)."""
        return self._transport.call("GET", "/jobs/" + segment(self.id))

    def status(self):
        """queued, starting, running, completed, failed or stopped."""
        return self.view()["state"]

    def wait(self, timeout=None):
        """Waits until the job has finished and returns it; AwaitTimeoutError after ``timeout`` seconds."""
        polling = Polling(timeout)
        while True:
            job = wait_out(self.view, polling.left())
            if finished(job):
                return job
            if polling.expired():
                raise AwaitTimeoutError("job {} is still {} after {}".format(
                    self.id, job["state"], _describe(timeout)), [self.id])
            polling.pause()

    def logs(self):
        """The log of the job's latest attempt so far, whole (empty while it is queued)."""
        return self._transport.exchange("GET", "/jobs/{}/logs".format(segment(self.id)),
                                        query={"follow": "false", "offset": 0}).decode("utf-8", "replace")

    def follow_logs(self, out=None):
        """Writes the log to ``out`` (default: stdout) as the job writes it, until the job has finished.

        A broken connection is opened again where it broke off (up to 10 times in a row), and a server that
        does not answer (a restart) is asked again for up to 2 minutes. Returns the finished job.
        """
        out = sys.stdout if out is None else out
        stream = _LogStream(self._transport, self.id, out, max(1, self.view().get("attempt") or 0))
        failures = 0
        while True:
            try:
                wait_out(lambda: stream.copy(follow=True))
                job = wait_out(self.view)
                if finished(job):
                    stream.copy(follow=False)  # anything written after the stream closed
                    return job
                failures = 0  # the server ended the stream early (a restart): follow on
            except (ApiError, ServerCertificateError, ServerUnreachableError):
                raise
            except BerthError:
                failures += 1
                if failures > LOG_RECONNECTS:
                    raise
                time.sleep(min(2.0, 0.1 * (1 << failures)))

    def params(self):
        """The parameters the job was submitted with."""
        return self.view().get("params") or {}

    def metrics(self):
        """The latest value of each metric the job has logged so far."""
        return self.view().get("metrics") or {}

    def details(self):
        """Everything the job reported (JobDetails): logged params, each metric's history, tags, artifacts."""
        return self._transport.call("GET", "/jobs/{}/details".format(segment(self.id)))

    def download(self, directory):
        """Unpacks the finished job's archive into ``directory/<id>/`` and returns that path.

        Nothing is written outside it; links the job left that point outside (to a volume, say) are not
        made, and are listed in the returned path's ``links_left_out``.
        """
        target = os.path.join(directory, self.id)
        if os.path.lexists(target) and (not os.path.isdir(target) or os.listdir(target)):
            raise BerthError("{} already exists; remove it or choose another directory".format(target))
        os.makedirs(directory, exist_ok=True)
        handle, archive = tempfile.mkstemp(prefix=".berth-" + self.id + "-", suffix=".tar.gz", dir=directory)
        try:
            with os.fdopen(handle, "wb") as file:
                with self._transport.open("GET", "/jobs/{}/archive".format(segment(self.id)), timeout=None) as answer:
                    try:
                        for chunk in iter(lambda: answer.read(1 << 16), b""):
                            file.write(chunk)
                    except (OSError, http.client.HTTPException) as error:
                        raise BerthError("cannot download the archive of job {}: {}".format(
                            self.id, error)) from None
            try:
                left_out = extract(archive, target)
            except BerthError as error:
                raise BerthError("cannot unpack the archive of job {}: {}".format(self.id, error)) from None
            return Download(target, left_out)
        finally:
            os.remove(archive)

    def stop(self):
        """Asks the server to stop the job; returns it as the server has it right after the request."""
        return self._transport.call("POST", "/jobs/{}/stop".format(segment(self.id)))

    def __eq__(self, other):
        return isinstance(other, JobHandle) and other.id == self.id

    def __hash__(self):
        return hash(self.id)

    def __repr__(self):
        return "job " + self.id


class Download(str):
    """The directory a job was unpacked into (a str path), with ``links_left_out`` (``"path -> target"``)."""

    def __new__(cls, path, links_left_out):
        download = str.__new__(cls, path)
        download.links_left_out = list(links_left_out)
        return download


class _LogStream(object):
    """Copies a job's log to a text stream, counting bytes so a broken stream resumes where it stopped."""

    def __init__(self, transport, job_id, out, attempt):
        self._transport, self._id, self._out, self._attempt = transport, job_id, out, attempt
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.count = 0

    def copy(self, follow):
        query = {"follow": "true" if follow else "false", "offset": self.count, "attempt": self._attempt}
        with self._transport.open("GET", "/jobs/{}/logs".format(segment(self._id)), query=query,
                                  timeout=None) as answer:
            try:
                while True:
                    chunk = answer.read1(8192)
                    if not chunk:
                        return
                    self.count += len(chunk)
                    self._out.write(self._decoder.decode(chunk))
                    self._out.flush()
            except (OSError, http.client.HTTPException) as error:
                raise BerthError("the log stream of job {} broke off: {}".format(self._id, error)) from None


class SweepHandle(object):
    """A sweep on the server. ``collect`` hands out each finished job once, in the order they finished;
    it remembers what it handed out in this handle, so use one handle per consumer. While they wait, ``collect``
    and ``wait_all`` ask only for the sweep's counts by state, and read its jobs when those say there is something
    to hand out: a sweep of 100,000 jobs is read once per batch, not once a second."""

    def __init__(self, transport, sweep_id):
        self._transport = transport
        self.id = sweep_id
        self._collected = set()
        self._lock = threading.Lock()

    def views(self):
        """Its jobs as the server has them now, in queue order (JobView dicts)."""
        return self._transport.call("GET", "/sweeps/" + segment(self.id, "sweep"))["jobs"]

    def jobs(self):
        """Handles on its jobs, in the order of the parameter sets that made them."""
        return [JobHandle(self._transport, job["id"]) for job in self.views()]

    def collect(self, n, timeout=None):
        """Up to ``n`` jobs that finished since the last call, in the order they finished.

        Waits until ``n`` are there, every job has finished, or ``timeout`` seconds have passed (0: look
        once), and returns what it has then: possibly fewer, possibly none.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError("collect: n must be at least 1, got {!r}".format(n))
        with self._lock:
            polling = Polling(timeout)
            while True:
                counts = wait_out(self.progress, polling.left())
                more_to_come = counts["queued"] + counts["running"] > 0
                if _finished_count(counts) - len(self._collected) >= n or not more_to_come or polling.expired():
                    jobs = wait_out(self.views, polling.left())
                    fresh = sorted((job for job in jobs if finished(job) and job["id"] not in self._collected),
                                   key=_finish_order)
                    still_to_come = any(not finished(job) for job in jobs)
                    if len(fresh) >= n or not still_to_come or polling.expired():
                        taken = fresh[:n]
                        self._collected.update(job["id"] for job in taken)
                        return taken
                polling.pause()

    def all_collected(self):
        """Whether ``collect`` has returned every job of the sweep."""
        with self._lock:
            return all(job["id"] in self._collected for job in self.views())

    def wait_all(self, timeout=None):
        """Waits until every job has finished and returns them in queue order (does not count as collecting)."""
        polling = Polling(timeout)
        while True:
            counts = wait_out(self.progress, polling.left())
            if counts["queued"] + counts["running"] == 0 or polling.expired():
                jobs = wait_out(self.views, polling.left())
                unfinished = [job["id"] for job in jobs if not finished(job)]
                if not unfinished:
                    return jobs
                if polling.expired():
                    raise AwaitTimeoutError("sweep {}: {} of {} jobs have not finished after {} ({}{})".format(
                        self.id, len(unfinished), len(jobs), _describe(timeout), ", ".join(unfinished[:5]),
                        ", ..." if len(unfinished) > 5 else ""), unfinished)
            polling.pause()

    def progress(self):
        """How many jobs are queued, running (starting included), completed, failed and stopped now: counted by
        the server, so a sweep of 100,000 jobs is not read whole to count it."""
        counts = self._transport.call("GET", "/sweeps/{}/progress".format(segment(self.id, "sweep")))
        return {state: counts[state] for state in ("queued", "running", "completed", "failed", "stopped")}

    def stop(self):
        """Stops every unfinished job; the answer (BulkResult) lists those stopped and those skipped."""
        return self._transport.call("POST", "/sweeps/{}/stop".format(segment(self.id, "sweep")))

    def __repr__(self):
        return "sweep " + self.id


def _finished_count(counts):
    return counts["completed"] + counts["failed"] + counts["stopped"]


def _finish_order(job):
    """By finishing time (unfinished last), then id."""
    return (job.get("finishedAt") is None, _instant(job.get("finishedAt") or ""), job["id"])


def _instant(text):
    """An ISO-8601 UTC time as a sortable key: the seconds as text, then the fraction in nanoseconds."""
    seconds, _, fraction = text.rstrip("Z").partition(".")
    return seconds, int((fraction + "000000000")[:9])


def _describe(timeout):
    if timeout is None:
        return "waiting without limit"
    millis = int(round(timeout * 1000))
    return "{} ms".format(millis) if millis < 1000 or millis % 1000 else "{} s".format(millis // 1000)
