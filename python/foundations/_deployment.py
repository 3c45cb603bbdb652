"""Atlas's client surface over Berth: ``foundations.submit`` and ``get_metrics_for_all_jobs``.

Scripts that submit jobs run on the user's machine with Python 3.8+; nothing here runs at import.
"""

import os
import sys

import berth
from berth._errors import JobFailedError
from berth._handles import finished
from berth._metrics import job_rows
from berth._prepare import value_error
from berth._quantities import memory_bytes
from berth._waiting import wait_out


def submit(scheduler_config="scheduler", job_directory=None, command=None, project_name=None, entrypoint=None,
           params=None, num_gpus=None, ram=None, stream_job_logs=None):
    """Submits a job as Atlas's ``foundations.submit`` did, and returns its ``DeploymentWrapper``.

    ``command`` is a list, or a string split as a shell would (``"main.py --x 1"``), as ``Client.submit``
    takes it. ``ram`` is in GB, as Atlas documented it (Atlas passed it as bytes by mistake), or a string with
    a unit (``"512m"``).
    ``stream_job_logs`` streams the job's log until it ends when true; None means False, as Atlas's SDK did
    (its docs said True). Unlike Atlas, the calling script is never itself turned into a job, whatever
    ``FOUNDATIONS_COMMAND_LINE`` says (Atlas #84): submitting has no effect but the submission.
    """
    job_directory = os.getcwd() if job_directory is None else job_directory
    client = berth.connect(scheduler_config, job_directory)
    job = client.submit(job_directory, command=command or None, params=params, num_gpus=num_gpus,
                        memory=None if ram is None else _ram(ram), project_name=project_name,
                        entrypoint=entrypoint)
    deployment = DeploymentWrapper(job)
    if stream_job_logs:
        deployment.stream_job_logs()
    return deployment


def _ram(ram):
    """Atlas's ram in bytes: a number is GB; a string is a size as job.config.yaml takes it ("8g", "512m",
    "8" for GB)."""
    return value_error(memory_bytes, "ram", ram)


class DeploymentWrapper(object):
    """A submitted job, with Atlas's methods. The getters of results wait for the job to finish, riding out
    a server restart of up to 2 minutes; each takes a ``timeout`` in seconds (None: no limit)."""

    def __init__(self, job):
        self._job = job

    def job_name(self):
        """The job's id."""
        return self._job.id

    def get_job_status(self):
        """``queued``, ``running``, ``completed``, ``failed`` or ``stopped``; starting counts as running.

        Atlas said ``completed`` for failed jobs too; Berth says what happened.
        """
        state = self._job.status()
        return "running" if state == "starting" else state

    def get_true_job_status(self):
        """The server's own state: queued, starting, running, completed, failed or stopped."""
        return self._job.status()

    def is_job_complete(self):
        """Whether the job has finished: completed, failed or stopped."""
        return finished(self._job.view())

    def wait_for_deployment_to_complete(self, wait_seconds=5, timeout=None):
        """Waits until the job has finished, riding out a server restart of up to 2 minutes as
        ``JobHandle.wait`` does; AwaitTimeoutError after ``timeout`` seconds (None: no limit).

        ``wait_seconds`` is accepted for Atlas's scripts; Berth asks every half second at most.
        """
        self._job.wait(timeout)

    def get_job_logs(self):
        """The job's log so far."""
        return self._job.logs()

    def stream_job_logs(self, strip_new_line=True):
        """Prints the log as the job writes it, until the job has finished (Ctrl-C stops printing only)."""
        self._job.follow_logs(sys.stdout)

    def get_param(self, key, timeout=None):
        """The parameter ``key`` once the job has finished: one it logged itself, else one it was given."""
        return self._finished_details(timeout)["params"][key]

    def get_metric(self, key, timeout=None):
        """The latest value of metric ``key`` once the job has completed."""
        return self._finished_details(timeout)["metrics"][key]

    def get_job_details(self, timeout=None):
        """Once the job has completed: its id, project, status, times, params, latest metrics and tags."""
        return self._finished_details(timeout)

    def _finished_details(self, timeout):
        """Waits as ``wait_for_deployment_to_complete``, then asks for the details (riding out a restart too)."""
        self._job.wait(timeout)
        details = wait_out(self._job.details)
        job = details["job"]
        if job["state"] != "completed":
            raise JobFailedError(job)
        params = dict(job.get("params") or {})
        params.update(details.get("loggedParams") or {})
        return dict(_atlas_columns(job), params=params, metrics=job.get("metrics") or {}, tags=job.get("tags") or {})

    def __repr__(self):
        return "DeploymentWrapper(job {})".format(self._job.id)


def get_metrics_for_all_jobs(project_name, include_input_params=False, scheduler_config="scheduler"):
    """A pandas DataFrame of the project's jobs: ``job_id``, ``project_name``, ``status``, times, the params
    each job was submitted with and those it logged, its latest metrics and ``tag_<name>`` columns; no name
    replaces another (a param ``status`` is ``param_status``, a metric named like a param ``metric_<name>``).
    ValueError for a project with no jobs (Atlas: unknown project).

    Atlas showed submitted params only because ``load_parameters()`` logged them; Berth records them when the
    job is submitted, so they are always there and ``include_input_params`` changes nothing.

    Without pandas this raises ImportError naming ``get_metrics_rows_for_all_jobs``, the same rows as dicts.
    """
    from berth._metrics import data_frame
    return data_frame(get_metrics_rows_for_all_jobs(project_name, include_input_params, scheduler_config),
                      "foundations.get_metrics_rows_for_all_jobs(...)")


def get_metrics_rows_for_all_jobs(project_name, include_input_params=False, scheduler_config="scheduler"):
    """``get_metrics_for_all_jobs`` as a list of dicts, one per job, for use without pandas."""
    client = berth.connect(scheduler_config)
    jobs = client.jobs(project=project_name)
    if not jobs:
        raise ValueError("Project `{}` does not exist!".format(project_name))
    return job_rows(jobs, lambda job_id: client.job(job_id).details(), fixed=_atlas_columns)


def _atlas_columns(job):
    return {"job_id": job["id"], "project_name": job.get("project"), "status": job["state"],
            "start_time": job.get("startedAt"), "completed_time": job.get("finishedAt")}
