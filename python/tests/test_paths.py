"""The one place that says where paths lead: shared by the bundler, the unpacker and the submit checks."""

import os
import unittest

from client_support import TempDirTest, berth
from berth import _archive, _bundle, _paths, _prepare, _submit


class PathsTest(TempDirTest):
    def test_inside_is_by_whole_names(self):
        self.assertTrue(_paths.inside("/a/b", "/a/b"))
        self.assertTrue(_paths.inside("/a/b/c", "/a/b/"))
        self.assertFalse(_paths.inside("/a/bc", "/a/b"))
        self.assertTrue(_paths.inside("/x", "/"))

    def test_resolved_follows_existing_links_and_keeps_the_rest_as_written(self):
        os.makedirs(os.path.join(self.tmp, "real", "sub"))
        os.symlink("real", os.path.join(self.tmp, "hop"))
        os.symlink("hop/sub/missing/../x", os.path.join(self.tmp, "link"))
        self.assertEqual(os.path.join(os.path.realpath(self.tmp), "real", "sub", "x"),
                         _paths.resolved(os.path.join(self.tmp, "link")))

    def test_a_project_that_is_not_a_directory_is_named(self):
        with self.assertRaisesRegex(berth.BundleError, "the project directory .*nowhere does not exist"):
            _paths.real_directory(os.path.join(self.tmp, "nowhere"))
        open(os.path.join(self.tmp, "file"), "w").close()
        with self.assertRaisesRegex(berth.BundleError, "the project .*file is not a directory"):
            _paths.real_directory(os.path.join(self.tmp, "file"))

    def test_written_once(self):
        for module in (_archive, _bundle, _prepare, _submit):
            for name in ("_inside", "_resolved", "_real_directory"):
                self.assertFalse(hasattr(module, name), "{}.{}".format(module.__name__, name))


if __name__ == "__main__":
    unittest.main()
