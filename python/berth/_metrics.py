"""Results of many jobs as rows: one dict per job, ready for a table or a pandas DataFrame.

No value ever replaces another in a row: the fixed columns (``id``, ``state``) always win; params
follow by name (those the job logged replacing those it was submitted with, as the CLI shows them), a
param named like a fixed column as ``param_<name>``; then the latest metrics, a metric whose name is
taken as ``metric_<name>``; then each tag as ``tag_<name>``. Columns come in that order, each group
sorted by name.
"""


def ids(job):
    """The fixed columns of ``Client.metrics``."""
    return {"id": job["id"], "state": job["state"]}


def job_rows(jobs, details, submitted_params=True, fixed=ids):
    """A row per job: ``fixed(job)``, the params it was submitted with (unless ``submitted_params`` is
    false) and those it logged itself, its latest metrics, and its tags."""
    rows = []
    for job in jobs:
        row = dict(fixed(job))
        params = dict(job.get("params") or {}) if submitted_params else {}
        params.update(_logged_params(job, details))
        _add(row, params, "param_")
        _add(row, job.get("metrics") or {}, "metric_")
        _add(row, {"tag_" + key: value for key, value in (job.get("tags") or {}).items()}, "tag_")
        rows.append(row)
    return rows


def _add(row, group, prefix):
    """Adds ``group``'s values to ``row`` sorted by column: by their own names where those are free, else
    prefixed (again, should the prefixed name be taken too)."""
    columns = {}
    for name in sorted(group, key=lambda name: (name in row, name)):
        column = name
        while column in row or column in columns:
            column = prefix + column
        columns[column] = group[name]
    row.update(sorted(columns.items()))


def _logged_params(job, details):
    """From the JobView when the server puts them there, else from ``details(job_id)`` (a JobDetails)."""
    if "loggedParams" in job:
        return job["loggedParams"] or {}
    return details(job["id"]).get("loggedParams") or {}


def data_frame(rows, instead):
    """The rows as a pandas DataFrame; without pandas, an ImportError naming ``instead``."""
    try:
        import pandas
    except ImportError:
        raise ImportError("pandas is not installed: install it (pip install pandas), or use {}, which returns "
                          "the same rows as a list of dicts".format(instead)) from None
    return pandas.DataFrame(rows)
