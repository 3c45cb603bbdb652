"""Unpacking a job's archive without ever writing outside the target directory.

Refused (and the directory removed again): absolute names, names with ``..`` that leave, entries whose
path really leads out, hard links, devices and FIFOs, and a link named like anything else in the archive.
The archive's links are made only after all its files and directories, so nothing is written through
them; then each is judged by where it really leads (so a chain of links cannot lead out either). Links
that lead out (say, to a volume the job had mounted) are left out and listed, as the Java SDK does.
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
    pending, left_out = [], []
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for entry in tar:
                _unpack(tar, entry, root, pending)
        links = [_link(name, text, root, left_out) for name, text in pending]
        _leave_out_links_leading_out([link for link in links if link is not None], root, left_out)
        return left_out
    except (_Refusal, OSError, tarfile.TarError, EOFError) as error:
        shutil.rmtree(target, ignore_errors=True)
        raise BerthError("cannot unpack {}: {}".format(os.path.basename(archive), error)) from None


def _unpack(tar, entry, root, pending):
    dest = _dest(entry.name, root)
    if entry.isdir():
        os.makedirs(dest, exist_ok=True)
    elif entry.issym():
        pending.append((entry.name, entry.linkname))
    elif entry.isreg():
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        _copy(tar.extractfile(entry), dest, executable=bool(entry.mode & 0o100))
    else:
        raise _Refusal("entry '{}' is a hard link, device or FIFO".format(entry.name))


def _dest(name, root):
    """Where entry ``name`` goes: inside ``root`` by its text, and really, through whatever of it exists."""
    if name.startswith("/") or "\\" in name:
        raise _Refusal("entry '{}' has an absolute path".format(name))
    dest = os.path.normpath(os.path.join(root, name))
    if not inside(dest, root):
        raise _Refusal("entry '{}' points outside the directory".format(name))
    # realpath resolves the part that exists and keeps the rest, which is made where that part leads
    if not inside(os.path.realpath(os.path.dirname(dest)), root):
        raise _Refusal("entry '{}' goes through a link outside the directory".format(name))
    return dest


def _link(name, text, root, left_out):
    """Makes the link ``name -> text``, unless its text leads out; returns where it really is, or None."""
    dest = _dest(name, root)
    if os.path.lexists(dest):
        raise _Refusal("entry '{}' is a link where the archive has a file, directory or link already".format(name))
    parent = os.path.dirname(dest)
    if not inside(os.path.normpath(os.path.join(parent, text)), root):
        left_out.append("{} -> {}".format(name, text))
        return None
    os.makedirs(parent, exist_ok=True)
    os.symlink(text, dest)
    return os.path.join(os.path.realpath(parent), os.path.basename(dest))


def _leave_out_links_leading_out(links, root, left_out):
    """Removes every link that really leads out, until none does: a removal can change where others lead."""
    removed = True
    while removed:
        removed = False
        for link in links:
            if os.path.islink(link) and not inside(resolved(link), root):
                left_out.append("{} -> {}".format(os.path.relpath(link, root), os.readlink(link)))
                os.remove(link)
                removed = True


def _copy(source, dest, executable):
    # O_NOFOLLOW: a file never writes through a link, should one be there
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(source, out, 1 << 16)
    if executable:
        os.chmod(dest, os.stat(dest).st_mode | 0o111)
