"""Bundling: the files the Java bundler takes, its link checks, and its bytes."""

import hashlib
import json
import os
import unittest

from client_support import TempDirTest, berth, write
from berth._bundle import bundle, list_files
from berth._ignore import IgnoreFile

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
#: The SHA-256 that the Java ProjectBundler (commons-compress 1.27.1, JDK 17) gives make_java_vector_project.
JAVA_DIGEST = "f345d636eaee48f3b90ee0743e18970a03e779fa8822b2c7bd675ec92e3c20e5"


def make_java_vector_project(root):
    """A project with what makes tar headers differ: modes, long and non-ASCII names, links, empty dirs."""
    noise = b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(20000))  # 640 kB, incompressible
    os.makedirs(os.path.join(root, "data", "empty"))
    with open(os.path.join(root, "data", "noise.bin"), "wb") as handle:
        handle.write(noise)
    write(root, "main.py", "print('hello')\n", mode=0o755)
    write(root, "src/model.py", "\n".join("w{} = {}".format(i, i * i) for i in range(5000)))
    write(root, "src/" + "n" * 120 + ".txt", "long name\n")
    write(root, "src/Ünïcödé-名前.txt", "unicode\n")
    write(root, ".berthignore", "*.log\n!keep.log\n")
    write(root, "logs/a.log", "left out\n")
    write(root, "logs/keep.log", "kept\n")
    os.symlink("../main.py", os.path.join(root, "src", "main_link.py"))
    os.symlink("src", os.path.join(root, "source"))


class JavaBytesTest(TempDirTest):
    def test_the_bytes_are_the_java_bundlers(self):
        root = os.path.join(self.tmp, "vector")
        make_java_vector_project(root)
        with bundle(root) as packed:
            self.assertEqual(JAVA_DIGEST, packed.sha256)
            self.assertEqual(9, packed.file_count)

    def test_the_digest_depends_on_content_names_and_modes_only(self):
        root = self.project(files={"main.py": "x", "data/a.csv": "1,2\n"})
        with bundle(root) as first:
            digest = first.sha256
        os.utime(os.path.join(root, "main.py"), (1, 1))
        with bundle(root) as again:
            self.assertEqual(digest, again.sha256)
        os.chmod(os.path.join(root, "main.py"), 0o755)
        with bundle(root) as executable:
            self.assertNotEqual(digest, executable.sha256)
        self.assertFalse(os.path.exists(executable.file))


class LeftOutTest(TempDirTest):
    def paths(self, files, links=()):
        root = self.project(files=files)
        for link, target in links:
            os.symlink(target, os.path.join(root, link))
        return [f.path for f in list_files(os.path.realpath(root))]

    def test_git_submission_configs_and_a_stale_parameters_file_are_left_out(self):
        self.assertEqual(["config", "config/other.yaml", "main.py", "sub", "sub/foundations_job_parameters.json"],
                         self.paths({"main.py": "", ".git/HEAD": "", "sub/.git/x": "", "config/other.yaml": "",
                                     "config/submission/lab.config.yaml": "token: x",
                                     "foundations_job_parameters.json": "{}",
                                     "sub/foundations_job_parameters.json": "{}"}))

    def test_berthignore_files_at_every_level(self):
        paths = self.paths({
            ".berthignore": "*.log\n!keep.log\ndata/\n/build\ntmp/**\n# comment\n\\#hash\n",
            "a.log": "", "keep.log": "", "data/x.csv": "", "src/data/y.csv": "", "build/out": "", "src/build": "",
            "tmp/a/b": "", "#hash": "", "src/.berthignore": "!*.log\nsecret*\n", "src/debug.log": "",
            "src/secret.txt": "", "src/deep/secret2.txt": "", "src/deep/ok.py": ""})
        self.assertEqual([".berthignore", "keep.log", "src", "src/.berthignore", "src/build", "src/debug.log",
                          "src/deep", "src/deep/ok.py", "tmp"], paths)

    def test_an_ignored_directory_is_not_looked_into(self):
        self.assertEqual([".berthignore"], self.paths({".berthignore": "out/\n!out/keep\n", "out/keep": ""}))

    def test_jgit_agrees_on_every_vector(self):
        with open(os.path.join(DATA_DIR, "jgit_ignore_vectors.json"), encoding="utf-8") as handle:
            vectors = json.load(handle)
        for case in vectors["cases"]:
            rules = IgnoreFile("\n".join(case["lines"]) + "\n")
            for path, expected in zip(vectors["paths"], case["results"]):
                verdict = rules.check(path[2:], path.startswith("d "))
                got = "-" if verdict is None else "i" if verdict else "k"
                self.assertEqual(expected, got, "{!r} on {!r}".format(case["lines"], path))

    def test_links_inside_are_kept_and_every_bad_one_is_named(self):
        root = self.project(name="links", files={"main.py": "", "inner/f": ""})
        for link, target in (("ok", "main.py"), ("inner/up", "../main.py"), ("later", "runs/current"),
                             ("abs", "/etc/passwd"), ("back", "../links/main.py"), ("inner/out", "../../x"),
                             ("via", "abs/x")):
            os.symlink(target, os.path.join(root, link))
        with self.assertRaises(berth.BundleError) as raised:
            bundle(root)
        self.assertEqual(
            "4 links in the project cannot be bundled; point each at a file inside the project by a relative path, "
            "copy the file in, or add the link to .berthignore:\n"
            "  abs -> /etc/passwd: an absolute path\n"
            "  back -> ../links/main.py: leads out of the project (it comes back in through the directory's own "
            "name, which the server's copy does not have)\n"
            "  inner/out -> ../../x: leads out of the project\n"
            "  via -> abs/x: leads out of the project through another link", str(raised.exception))
        write(root, ".berthignore", "abs\nback\ninner/out\nvia\n")
        with bundle(root) as packed:
            self.assertEqual({".berthignore", "main.py", "inner/f", "ok", "inner/up", "later"}, set(packed.paths))

    def test_a_missing_project_is_named(self):
        with self.assertRaisesRegex(berth.BundleError, "the project directory .*nowhere does not exist"):
            bundle(os.path.join(self.tmp, "nowhere"))


if __name__ == "__main__":
    unittest.main()
