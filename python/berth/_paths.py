"""Where paths really lead, for the bundler, the unpacker and the submit checks alike."""

import os

from ._errors import BundleError


def inside(path, root):
    """Whether the normalised ``path`` is ``root`` or below it (by text: resolve links first)."""
    return path == root or path.startswith(root.rstrip("/") + "/")


def resolved(link):
    """Where a link leads on disk: its target's longest existing start resolved through every link, the
    rest as written (a dangling link is judged by where it would lead)."""
    target = os.path.join(os.path.dirname(link), os.readlink(link))
    rest = ""
    prefix = target
    while True:
        try:
            os.stat(prefix)  # follows links: fails for what is missing or loops
            return os.path.normpath(os.path.join(os.path.realpath(prefix), rest)) if rest \
                else os.path.normpath(os.path.realpath(prefix))
        except OSError:
            head, name = os.path.split(prefix)
            if not name or head == prefix:
                break
            rest = os.path.join(name, rest) if rest else name
            prefix = head
    return os.path.normpath(target)


def real_directory(project_dir):
    """The project directory's real path; BundleError if it is missing or not a directory."""
    if not os.path.isdir(project_dir):
        raise BundleError("the project {} is not a directory".format(project_dir) if os.path.exists(project_dir)
                          else "the project directory {} does not exist".format(project_dir))
    return os.path.realpath(project_dir)
