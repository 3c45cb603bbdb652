"""What jobs and installs rely on: Python 3.7 syntax in every container, cheap imports, one-command install."""

import ast
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class JobSideTest(unittest.TestCase):
    def test_every_module_parses_as_python_3_7(self):
        for package in ("berth", "foundations"):
            for directory, _, names in os.walk(os.path.join(PYTHON_DIR, package)):
                for name in (n for n in names if n.endswith(".py")):
                    path = os.path.join(directory, name)
                    with open(path, encoding="utf-8") as handle:
                        ast.parse(handle.read(), path, feature_version=(3, 7))

    def test_the_helpers_work_without_ssl_urllib_tarfile_or_http(self):
        script = textwrap.dedent("""
            import sys
            for name in ("ssl", "urllib", "urllib.request", "urllib.parse", "tarfile", "http", "http.client"):
                sys.modules[name] = None
            sys.path.insert(0, sys.argv[1])
            import berth, foundations
            berth.log_metric("loss", 0.5)
            foundations.log_metric("loss", 0.25)
            print(sorted(name for name in ("ssl", "tarfile", "json") if sys.modules.get(name)))
        """)
        events = os.path.join(tempfile.mkdtemp(), "events.jsonl")
        self.addCleanup(shutil.rmtree, os.path.dirname(events))
        result = subprocess.run([sys.executable, "-c", script, PYTHON_DIR], env=dict(os.environ, BERTH_EVENTS_FILE=events),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual("['json']", result.stdout.strip())
        with open(events) as handle:
            self.assertEqual(2, len(handle.readlines()))


class InstallTest(unittest.TestCase):
    def test_pip_installs_the_folder_offline_without_setuptools(self):
        venv = tempfile.mkdtemp(prefix="berth-venv-")
        self.addCleanup(shutil.rmtree, venv, True)
        made = subprocess.run([sys.executable, "-m", "venv", venv], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if made.returncode != 0:
            self.skipTest("python3 -m venv does not work here (Debian: apt-get install python3-venv)")
        python = os.path.join(venv, "bin", "python")
        install = subprocess.run([python, "-m", "pip", "install", "-q", "--no-index",
                                  PYTHON_DIR], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 universal_newlines=True)
        self.assertEqual(0, install.returncode, install.stdout)
        check = subprocess.run([python, "-c", "import berth, foundations, os; print(berth.Client, "
                                "os.path.exists(os.path.join(os.path.dirname(berth.__file__), '..', 'tests')))"],
                               cwd=venv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(0, check.returncode, check.stderr)
        self.assertEqual("<class 'berth._client.Client'> False", check.stdout.strip())


if __name__ == "__main__":
    unittest.main()
