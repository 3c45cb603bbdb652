"""Results of many jobs as rows: one dict per job, ready for a table or a pandas DataFrame."""

def job_rows(jobs, details, submitted_params=True):
    """A row per job: ``id``, ``state``, the params it was submitted with (unless ``submitted_params`` is
    false), the params it logged itself, its latest metrics, and each tag as ``tag_<name>`` (later groups
    win a clash of names)."""
    rows = []
    for job in jobs:
        row = {"id": job["id"], "state": job["state"]}
        if submitted_params:
            row.update(job.get("params") or {})
        row.update(_logged_params(job, details))
        row.update(job.get("metrics") or {})
        row.update(("tag_" + key, value) for key, value in (job.get("tags") or {}).items())
        rows.append(row)
    return rows


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
                          "the same rows as a list of dicts".format(instead))
    return pandas.DataFrame(rows)
