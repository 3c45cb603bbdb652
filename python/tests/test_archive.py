"""Unpacking job archives: nothing is ever written outside the target directory."""

import io
import os
import tarfile
import unittest

from client_support import TempDirTest, berth
from berth._archive import extract


def archive(path, entries):
    """A tar.gz of ``entries``: (name, kind, payload), kind file/dir/link/hardlink/fifo."""
    with tarfile.open(path, "w:gz") as tar:
        for name, kind, payload in entries:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
                continue
            info.type = {"dir": tarfile.DIRTYPE, "link": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE,
                         "fifo": tarfile.FIFOTYPE}[kind]
            info.linkname = payload or ""
            tar.addfile(info)
    return path


class ArchiveTest(TempDirTest):
    def unpack(self, entries):
        target = os.path.join(self.tmp, "out", "job")
        return target, extract(archive(os.path.join(self.tmp, "a.tar.gz"), entries), target)

    def assert_refused(self, entries, message):
        target = os.path.join(self.tmp, "out", "job")
        with self.assertRaisesRegex(berth.BerthError, message):
            extract(archive(os.path.join(self.tmp, "a.tar.gz"), entries), target)
        self.assertFalse(os.path.exists(target))
        self.assertEqual(["a.tar.gz", "out"], sorted(os.listdir(self.tmp)))
        self.assertEqual([], os.listdir(os.path.join(self.tmp, "out")))

    def test_a_normal_archive(self):
        target, left_out = self.unpack([("job/", "dir", None), ("job/a.txt", "file", b"a"),
                                        ("job/l", "link", "a.txt"), ("logs/attempt-1.log", "file", b"log")])
        self.assertEqual([], left_out)
        with open(os.path.join(target, "job", "l")) as handle:
            self.assertEqual("a", handle.read())

    def test_parent_directory_names_are_refused(self):
        self.assert_refused([("ok", "file", b""), ("../x", "file", b"escape")], "entry '../x' points outside")
        self.assert_refused([("a/../../x", "file", b"escape")], "points outside")

    def test_absolute_names_are_refused(self):
        self.assert_refused([("/tmp/x", "file", b"escape")], "entry '/tmp/x' has an absolute path")

    def test_nothing_is_written_through_a_link_leading_out(self):
        outside = os.path.join(self.tmp, "outside")
        os.makedirs(outside)
        target, left_out = self.unpack([("d", "link", outside), ("d/x", "file", b"stays in")])
        self.assertEqual(["d -> " + outside], left_out)
        self.assertEqual([], os.listdir(outside))
        self.assertTrue(os.path.isfile(os.path.join(target, "d", "x")))

    def test_links_leading_out_are_left_out_and_listed(self):
        target, left_out = self.unpack([("job/a", "file", b""), ("job/out", "link", "../../../etc/passwd"),
                                        ("job/abs", "link", "/etc/passwd"), ("job/chain", "link", "hop/x"),
                                        ("job/hop", "link", ".."), ("job/ok", "link", "a")])
        self.assertEqual(["job/out -> ../../../etc/passwd", "job/abs -> /etc/passwd"], left_out[:2])
        self.assertFalse(os.path.lexists(os.path.join(target, "job", "out")))
        self.assertTrue(os.path.islink(os.path.join(target, "job", "ok")))

    def test_hard_links_and_fifos_are_refused(self):
        self.assert_refused([("a", "file", b""), ("h", "hardlink", "a")], "is a hard link, device or FIFO")
        self.assert_refused([("p", "fifo", None)], "is a hard link, device or FIFO")

    def test_a_non_empty_target_is_refused(self):
        target = os.path.join(self.tmp, "out", "job")
        os.makedirs(target)
        open(os.path.join(target, "x"), "w").close()
        with self.assertRaisesRegex(berth.BerthError, "already exists and is not empty"):
            extract(archive(os.path.join(self.tmp, "a.tar.gz"), [("a", "file", b"")]), target)


if __name__ == "__main__":
    unittest.main()
