"""Helpers for code running inside a Berth job container.

Standard library only; compatible with Python 3.7+.

Only parameter loading is provided for now::

    import berth
    params = berth.load_parameters()
"""

import json
import os
import sys

__all__ = ["load_parameters", "job_id"]

#: Environment variable naming the JSON file with the job's parameters.
PARAMETERS_FILE_ENV = "BERTH_PARAMETERS_FILE"
#: File looked for in the current directory when the variable is not set
#: (the name Atlas used, so existing jobs keep working).
DEFAULT_PARAMETERS_FILE = "foundations_job_parameters.json"
#: Environment variable carrying the job's id.
JOB_ID_ENV = "BERTH_JOB_ID"

_NO_PARAMETERS_WARNING = (
    "berth: not running in a Berth job or no parameters given; "
    "load_parameters() returns {}"
)
_warned_no_parameters = False


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
    ``foundations.load_parameters(log_parameters=True)``; it currently has no
    effect (parameters are not logged as job metrics yet).

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
