"""What the client's tests share: the package on sys.path, a fake server per test, throwaway projects."""

import os
import shutil
import sys
import tempfile
import unittest
from unittest import mock

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)

import berth  # noqa: E402
from fake_server import FakeBerth  # noqa: E402


def write(root, path, text="", mode=None):
    """Writes ``text`` to ``root/path``, making directories; returns the file's path."""
    file = os.path.join(root, path)
    os.makedirs(os.path.dirname(file), exist_ok=True)
    with open(file, "w", encoding="utf-8") as handle:
        handle.write(text)
    if mode is not None:
        os.chmod(file, mode)
    return file


class TempDirTest(unittest.TestCase):
    """A temporary directory per test, and a BERTH_HOME inside it (never the user's)."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="berth-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        environment = {"BERTH_HOME": os.path.join(self.tmp, "home"), "HOME": os.path.join(self.tmp, "user")}
        patcher = mock.patch.dict(os.environ, environment)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop("FOUNDATIONS_HOME", None)

    def project(self, name="project", files=None):
        """A project directory with ``files`` (path -> text); main.py by default."""
        root = os.path.join(self.tmp, name)
        for path, text in (files if files is not None else {"main.py": "print('hi')\n"}).items():
            write(root, path, text)
        os.makedirs(root, exist_ok=True)
        return root


class ServerTest(TempDirTest):
    """A fake server per test, a client on it, and retries without their real pauses."""

    token = None

    def setUp(self):
        super(ServerTest, self).setUp()
        self.fake = FakeBerth(token=self.token)
        self.addCleanup(self.fake.close)
        patcher = mock.patch("berth._submit.RETRY_DELAYS", (0.01, 0.01, 0.01, 0.01))
        patcher.start()
        self.addCleanup(patcher.stop)
        self.client = berth.Client(self.fake.url, self.token)
