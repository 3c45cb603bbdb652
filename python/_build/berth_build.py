"""A PEP 517 build backend in the standard library alone, so that ``pip install --no-index python/``
works where no setuptools can be had (Python 3.12 venvs have none). It builds a pure wheel of the
``berth`` and ``foundations`` packages (not the tests), an sdist, and an editable wheel.
"""

import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME = "berth"
VERSION = "0.1.0"
PACKAGES = ("berth", "foundations")
SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_TAG = "py3-none-any"
_DIST_INFO = "{}-{}.dist-info".format(NAME, VERSION)
_METADATA = "Metadata-Version: 2.1\nName: {}\nVersion: {}\nSummary: Client and job helpers of Berth, a Docker " \
            "job scheduler for experiments\nRequires-Python: >=3.8\n".format(NAME, VERSION)
_WHEEL = "Wheel-Version: 1.0\nGenerator: berth_build\nRoot-Is-Purelib: true\nTag: {}\n".format(_TAG)
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory, [(path, _read(path)) for path in _package_files()])


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A wheel whose only module is a .pth file putting this source directory on sys.path."""
    return _wheel(wheel_directory, [(NAME + ".pth", (SOURCE + "\n").encode("utf-8"))])


def build_sdist(sdist_directory, config_settings=None):
    base = "{}-{}".format(NAME, VERSION)
    name = base + ".tar.gz"
    files = ["pyproject.toml", os.path.join("_build", "berth_build.py")] + _package_files()
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        for path in files:
            sdist.add(os.path.join(SOURCE, path), arcname=base + "/" + path.replace(os.sep, "/"))
        info = tarfile.TarInfo(base + "/PKG-INFO")
        data = _METADATA.encode("utf-8")
        info.size = len(data)
        sdist.addfile(info, io.BytesIO(data))
    return name


def _package_files():
    files = []
    for package in PACKAGES:
        for directory, subdirectories, names in os.walk(os.path.join(SOURCE, package)):
            subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
            files.extend(os.path.relpath(os.path.join(directory, name), SOURCE)
                         for name in sorted(names) if name.endswith(".py"))
    return files


def _read(path):
    with open(os.path.join(SOURCE, path), "rb") as handle:
        return handle.read()


def _wheel(wheel_directory, files):
    name = "{}-{}-{}.whl".format(NAME, VERSION, _TAG)
    entries = [(path.replace(os.sep, "/"), data) for path, data in files]
    entries += [(_DIST_INFO + "/METADATA", _METADATA.encode("utf-8")), (_DIST_INFO + "/WHEEL", _WHEEL.encode("utf-8"))]
    record = "".join("{},sha256={},{}\n".format(path, _digest(data), len(data)) for path, data in entries)
    entries.append((_DIST_INFO + "/RECORD", (record + _DIST_INFO + "/RECORD,,\n").encode("utf-8")))
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in entries:
            wheel.writestr(zipfile.ZipInfo(path, _FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return name


def _digest(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
