"""Bundling a project as the Java bundler does: the same files, the same checks, the same bytes.

Left out: ``.git/`` directories, ``config/submission/`` (submission configs may hold a token a job must
not get), a stale ``foundations_job_parameters.json`` at the root, what ``.berthignore`` files exclude,
and special files (sockets, pipes). Links are kept as links when they lead inside the project, judged as
the server will unpack them; every bad link is reported at once, before anything is uploaded.
"""

import hashlib
import os
import posixpath
import stat
import tempfile

from ._errors import BundleError
from ._ignore import BerthIgnore
from ._paths import inside, real_directory, resolved
from ._tar import DIRECTORY, FILE, SYMLINK, TarGzWriter

#: Berth writes this into the job's directory; a stale copy in the project must not shadow it.
PARAMETERS_FILE = "foundations_job_parameters.json"
SUBMISSION_CONFIGS = "config/submission"
#: Bundles above this size deserve a warning: probably data that belongs on the server or in .berthignore.
WARN_BYTES = 100 * 1024 * 1024
_LARGEST = 5


class ProjectFile(object):
    def __init__(self, path, source, kind, size=0, executable=False, link=None):
        self.path, self.source, self.kind = path, source, kind
        self.size, self.executable, self.link = size, executable, link


class Bundle(object):
    """A project packed as a tar.gz in a temporary file, named by the SHA-256 of its bytes.

    ``paths`` are its files and links (``src/train.py``); ``largest`` its five largest files as
    ``(path, bytes)``. Use as a context manager, or ``close()``, to delete the file.
    """

    def __init__(self, file, sha256, size, paths, largest):
        self.file, self.sha256, self.bytes = file, sha256, size
        self.paths, self.largest = paths, largest

    @property
    def file_count(self):
        return len(self.paths)

    @property
    def is_large(self):
        return self.bytes > WARN_BYTES

    def close(self):
        try:
            os.remove(self.file)
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def bundle(project_dir):
    """Packs ``project_dir``; raises BundleError naming the directory or the file at fault."""
    root = real_directory(project_dir)
    files = list_files(root)
    handle, temp = tempfile.mkstemp(prefix="berth-bundle-", suffix=".tar.gz")
    try:
        with os.fdopen(handle, "wb") as out:
            writer = TarGzWriter(out)
            for f in files:
                _write(writer, f)
            writer.close()
        digest = hashlib.sha256()
        with open(temp, "rb") as packed:
            for chunk in iter(lambda: packed.read(1 << 16), b""):
                digest.update(chunk)
        largest = sorted((f for f in files if f.kind == FILE), key=lambda f: (-f.size, _java_order(f.path)))
        return Bundle(temp, digest.hexdigest(), os.path.getsize(temp),
                      frozenset(f.path for f in files if f.kind != DIRECTORY),
                      [(f.path, f.size) for f in largest[:_LARGEST]])
    except BaseException as error:
        os.remove(temp)
        if isinstance(error, OSError):
            raise BundleError("cannot bundle {}: {}".format(project_dir, error)) from None
        raise


def list_files(root):
    """What of the project goes into its bundle, sorted by path as Java sorts strings."""
    files = []
    bad_links = []
    ignore = BerthIgnore()

    def visit(directory, relative):
        ignore.load(root, relative)
        try:
            names = os.listdir(directory)
        except OSError as error:
            raise _cannot_read(relative or root, error) from None
        for name in names:
            source = os.path.join(directory, name)
            path = relative + "/" + name if relative else name
            try:
                info = os.lstat(source)
            except OSError as error:
                raise _cannot_read(path, error) from None
            if stat.S_ISDIR(info.st_mode):
                if name == ".git" or path == SUBMISSION_CONFIGS or ignore.is_ignored(path, True):
                    continue
                files.append(ProjectFile(path, source, DIRECTORY))
                visit(source, path)
            elif ignore.is_ignored(path, False) or path == PARAMETERS_FILE:
                continue
            elif stat.S_ISLNK(info.st_mode):
                target = _java_path_text(os.readlink(source))
                refused = _why_refused(root, relative, source, target)
                if refused is not None:
                    bad_links.append("{} -> {}: {}".format(path, target, refused))
                files.append(ProjectFile(path, source, SYMLINK, link=target))
            elif stat.S_ISREG(info.st_mode):
                files.append(ProjectFile(path, source, FILE, info.st_size, bool(info.st_mode & stat.S_IXUSR)))

    visit(root, "")
    if bad_links:
        bad_links.sort(key=_java_order)
        one = len(bad_links) == 1
        raise BundleError("{} in the project cannot be bundled; point {} at a file inside the project by a "
                          "relative path, copy the file in, or add the link to .berthignore:\n  {}".format(
                              "a link" if one else "{} links".format(len(bad_links)), "it" if one else "each",
                              "\n  ".join(bad_links)))
    files.sort(key=lambda f: _java_order(f.path))
    return files


def _write(writer, f):
    if f.kind == DIRECTORY:
        writer.add(f.path + "/", DIRECTORY, 0o40755)
    elif f.kind == SYMLINK:
        writer.add(f.path, SYMLINK, 0o120777, link=f.link)
    else:
        try:
            content = open(f.source, "rb")
        except OSError as error:
            raise _cannot_read(f.path, error) from None
        with content:
            try:
                writer.add(f.path, FILE, 0o100755 if f.executable else 0o100644, f.size, content=content)
            except ValueError:
                raise _changed(f.path) from None
            if content.read(1):
                raise _changed(f.path)


def _why_refused(root, relative_dir, link, target):
    """Why the server would refuse this link, or None: by its text from its own directory (the server's
    copy has another name), then by where it leads on disk through other links."""
    if target.startswith("/"):
        return "an absolute path"
    in_project = posixpath.normpath(posixpath.join(relative_dir, target))
    if in_project == ".." or in_project.startswith("../"):
        comes_back = " (it comes back in through the directory's own name, which the server's copy does not have)"
        return "leads out of the project" + (comes_back if _leads_inside(root, link) else "")
    try:
        return None if inside(resolved(link), root) else "leads out of the project through another link"
    except OSError as error:
        return "cannot be read: {}".format(error.strerror or error)


def _leads_inside(root, link):
    try:
        return inside(resolved(link), root)
    except OSError:
        return False


def _java_path_text(text):
    """A link's target as Java's Path prints it: no repeated or trailing slashes."""
    while "//" in text:
        text = text.replace("//", "/")
    return text.rstrip("/") or text


def _java_order(text):
    return text.encode("utf-16-be", "surrogatepass")


def _changed(path):
    return BundleError("{} changed while the project was being bundled; try again".format(path))


def _cannot_read(path, error):
    why = "permission denied" if isinstance(error, PermissionError) else (error.strerror or str(error))
    return BundleError("cannot read {} in the project: {}".format(path, why))
