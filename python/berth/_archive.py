"""Unpacking a job's archive without ever writing outside the target directory.

Refused (and the directory removed again): absolute names, names with ``..`` that leave, entries
through links, hard links, devices and FIFOs. Links that lead out (say, to a volume the job had
mounted) are left out and listed, as the Java SDK does.
"""

import os
import shutil
import tarfile

from ._errors import BerthError
from ._paths import inside, resolved


class _Refusal(Exception):
    pass


def extract(archive, target):
    """Unpacks the tar.gz ``archive`` into ``target`` (new or empty); returns the links left out."""
    if os.path.lexists(target):
        if not os.path.isdir(target) or os.path.islink(target):
            raise BerthError("{} exists and is not a directory".format(target))
        if os.listdir(target):
            raise BerthError("{} already exists and is not empty".format(target))
    os.makedirs(target, exist_ok=True)
    root = os.path.realpath(target)
    links, left_out = [], []
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for entry in tar:
                _unpack(tar, entry, root, links, left_out)
        for link in links:
            if os.path.islink(link) and not inside(resolved(link), root):
                left_out.append("{} -> {}".format(os.path.relpath(link, root), os.readlink(link)))
                os.remove(link)
        return left_out
    except (_Refusal, OSError, tarfile.TarError, EOFError) as error:
        shutil.rmtree(target, ignore_errors=True)
        raise BerthError("cannot unpack {}: {}".format(os.path.basename(archive), error))


def _unpack(tar, entry, root, links, left_out):
    name = entry.name
    if name.startswith("/") or "\\" in name:
        raise _Refusal("entry '{}' has an absolute path".format(name))
    dest = os.path.normpath(os.path.join(root, name))
    if not inside(dest, root):
        raise _Refusal("entry '{}' points outside the directory".format(name))
    parent = os.path.dirname(dest)
    if os.path.exists(parent) and not inside(os.path.realpath(parent), root):
        raise _Refusal("entry '{}' goes through a link outside the directory".format(name))
    if entry.isdir():
        os.makedirs(dest, exist_ok=True)
    elif entry.issym():
        if not inside(os.path.normpath(os.path.join(parent, entry.linkname)), root):
            left_out.append("{} -> {}".format(name, entry.linkname))
            return
        os.makedirs(parent, exist_ok=True)
        os.symlink(entry.linkname, dest)
        links.append(dest)
    elif entry.isreg():
        os.makedirs(parent, exist_ok=True)
        _copy(tar.extractfile(entry), dest, executable=bool(entry.mode & 0o100))
    else:
        raise _Refusal("entry '{}' is a hard link, device or FIFO".format(name))


def _copy(source, dest, executable):
    # O_NOFOLLOW: an entry never writes through a link an earlier entry made
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(source, out, 1 << 16)
    if executable:
        os.chmod(dest, os.stat(dest).st_mode | 0o111)
