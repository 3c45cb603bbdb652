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
    def setUp(self):
        super(ArchiveTest, self).setUp()
        self.target = os.path.join(self.tmp, "out", "job")
        self.outside = os.path.join(self.tmp, "outside")
        os.makedirs(self.outside)
        os.makedirs(os.path.dirname(self.target))

    def unpack(self, entries):
        return self.target, extract(archive(os.path.join(self.tmp, "a.tar.gz"), entries), self.target)

    def assert_refused(self, entries, message):
        before = self.everything_beside_the_target()
        with self.assertRaisesRegex(berth.BerthError, message):
            self.unpack(entries)
        self.assertFalse(os.path.lexists(self.target))
        self.assertEqual([], os.listdir(os.path.join(self.tmp, "out")))
        self.assertEqual(before, self.everything_beside_the_target())

    def everything_beside_the_target(self):
        """Every path under the test's directory but the target and the archive, links not followed."""
        found = set()
        for directory, names, files in os.walk(self.tmp):
            for name in names + files:
                path = os.path.join(directory, name)
                if not path.startswith(self.target) and name != "a.tar.gz":
                    found.add(os.path.relpath(path, self.tmp))
        return found

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
        self.assert_refused([("d", "link", self.outside), ("d/x", "file", b"stays in")],
                            "entry 'd' is a link where the archive has a file, directory or link already")
        self.assertEqual([], os.listdir(self.outside))

    def test_links_whose_texts_stay_inside_never_let_a_later_entry_out(self):
        # each text leads inside; together m leads to the target's parent, where m/escaped does not exist yet
        chain = [("d1/d2/l", "link", "../.."), ("m", "link", "d1/d2/l/..")]
        self.assert_refused(chain + [("m/escaped/evil.txt", "file", b"evil")], "entry 'm' is a link where")
        self.assert_refused(chain + [("m/", "dir", None), ("m/evil.txt", "file", b"evil")], "entry 'm' is a link")
        self.assert_refused(chain + [("m/escaped/", "dir", None)], "entry 'm' is a link")

    def test_a_link_to_a_directory_then_a_file_under_it_is_refused_in_either_order(self):
        for entries in ([("sub/", "dir", None), ("d", "link", "sub"), ("d/x", "file", b"")],
                        [("sub/", "dir", None), ("d/x", "file", b""), ("d", "link", "sub")],
                        [("d", "link", "../../outside"), ("d/x", "file", b"")]):
            self.assert_refused(entries, "entry 'd' is a link where the archive has")
        self.assertEqual([], os.listdir(self.outside))

    def test_a_link_replaced_by_a_later_entry_is_refused(self):
        self.assert_refused([("l", "link", "a"), ("l", "file", b"x")], "entry 'l' is a link where")
        self.assert_refused([("l", "link", "a"), ("l", "link", "../../outside")], "entry 'l' is a link where")
        self.assert_refused([("l", "file", b"x"), ("l", "link", "../../outside")], "entry 'l' is a link where")

    def test_a_chain_of_links_leading_out_is_left_out_link_by_link(self):
        target, left_out = self.unpack([("d1/d2/l", "link", "../.."), ("n", "link", "m/x"),
                                        ("m", "link", "d1/d2/l/.."), ("x", "file", b"")])
        self.assertEqual(["n -> m/x", "m -> d1/d2/l/.."], left_out)
        self.assertEqual(["d1", "x"], sorted(os.listdir(target)))
        self.assertTrue(os.path.islink(os.path.join(target, "d1", "d2", "l")))

    def test_a_link_that_leads_out_once_another_is_left_out_is_left_out_too(self):
        # b comes back in through a, which leads out (to outside/deep/er); without a, b's text climbs
        # from sub, where l is ".", one level higher than it reads: to out/out/job/x
        os.makedirs(os.path.join(self.outside, "deep", "er"))
        target, left_out = self.unpack([("d1/d2/l", "link", "../.."), ("sub/l", "link", "."),
                                        ("sub/b", "link", "l/a/../../../out/job/x"),
                                        ("sub/a", "link", "../d1/d2/l/../../outside/deep/er")])
        self.assertEqual(["sub/a -> ../d1/d2/l/../../outside/deep/er", "sub/b -> l/a/../../../out/job/x"], left_out)
        self.assertEqual(["l"], os.listdir(os.path.join(target, "sub")))

    def test_links_leading_out_are_left_out_and_listed(self):
        target, left_out = self.unpack([("job/a", "file", b""), ("job/out", "link", "../../../etc/passwd"),
                                        ("job/abs", "link", "/etc/passwd"), ("job/chain", "link", "hop/x"),
                                        ("job/hop", "link", ".."), ("job/ok", "link", "a")])
        self.assertEqual(["job/out -> ../../../etc/passwd", "job/abs -> /etc/passwd"], left_out)
        self.assertEqual(["a", "chain", "hop", "ok"], sorted(os.listdir(os.path.join(target, "job"))))

    def test_hard_links_and_fifos_are_refused(self):
        self.assert_refused([("a", "file", b""), ("h", "hardlink", "a")], "is a hard link, device or FIFO")
        self.assert_refused([("p", "fifo", None)], "is a hard link, device or FIFO")

    def test_a_non_empty_target_is_refused(self):
        os.makedirs(self.target)
        open(os.path.join(self.target, "x"), "w").close()
        with self.assertRaisesRegex(berth.BerthError, "already exists and is not empty"):
            extract(archive(os.path.join(self.tmp, "a.tar.gz"), [("a", "file", b"")]), self.target)


if __name__ == "__main__":
    unittest.main()
