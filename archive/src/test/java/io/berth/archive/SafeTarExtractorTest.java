package io.berth.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import io.berth.archive.SafeTarExtractor.OutsideLinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarExtractorTest {
    @TempDir
    Path dir;

    private final SafeTarExtractor extractor = new SafeTarExtractor(1024 * 1024, 100);

    private Path bundle(Consumer<TarArchiveOutputStream> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            entries.accept(tar);
        }
        Path file = dir.resolve("bundle.tar.gz");
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private static void file(TarArchiveOutputStream tar, String name, String text) {
        try {
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, true); // keep a leading '/' as a hostile client would
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void link(TarArchiveOutputStream tar, String name, String target, byte type) {
        try {
            TarArchiveEntry entry = new TarArchiveEntry(name, type);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void ordinaryFilesDirectoriesAndInnerLinksAreUnpacked() throws IOException {
        Path target = dir.resolve("out");
        extractor.extract(bundle(tar -> {
            file(tar, "main.py", "print(1)");
            file(tar, "data/a.txt", "a");
            link(tar, "data/b.txt", "a.txt", TarArchiveEntry.LF_SYMLINK);
        }), target);
        assertThat(target.resolve("main.py")).hasContent("print(1)");
        assertThat(target.resolve("data/b.txt")).hasContent("a");
    }

    @Test
    void aPathEscapingTheDirectoryIsRefusedNamingTheEntryAndNothingIsLeft() throws IOException {
        Path target = dir.resolve("out");
        Path bundle = bundle(tar -> {
            file(tar, "ok.txt", "fine");
            file(tar, "../escaped.txt", "evil");
        });
        assertThatThrownBy(() -> extractor.extract(bundle, target))
                .isInstanceOf(UnpackException.class).hasMessageContaining("../escaped.txt");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        assertThat(target).as("nothing half-extracted").doesNotExist();
    }

    @Test
    void absolutePathsAreRefused() throws IOException {
        Path bundle = bundle(tar -> file(tar, "/tmp/berth-absolute-test", "evil"));
        assertThatThrownBy(() -> extractor.extract(bundle, dir.resolve("out")))
                .isInstanceOf(UnpackException.class).hasMessageContaining("absolute");
    }

    @Test
    void aLinkPointingOutsideIsRefusedAndSoIsWritingThroughIt() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path bundle = bundle(tar -> {
            link(tar, "out-link", outside.toString(), TarArchiveEntry.LF_SYMLINK);
            file(tar, "out-link/pwned.txt", "evil");
        });
        assertThatThrownBy(() -> extractor.extract(bundle, dir.resolve("out")))
                .isInstanceOf(UnpackException.class).hasMessageContaining("out-link");
        assertThat(outside.resolve("pwned.txt")).doesNotExist();
    }

    @Test
    void hardLinksAreRefused() throws IOException {
        Path bundle = bundle(tar -> link(tar, "hard", "/etc/passwd", TarArchiveEntry.LF_LINK));
        assertThatThrownBy(() -> extractor.extract(bundle, dir.resolve("out")))
                .isInstanceOf(UnpackException.class).hasMessageContaining("hard");
    }

    @Test
    void unpackingStopsAtTheSizeAndEntryCaps() throws IOException {
        Path big = bundle(tar -> file(tar, "big.bin", "x".repeat(2 * 1024 * 1024)));
        assertThatThrownBy(() -> extractor.extract(big, dir.resolve("out")))
                .isInstanceOf(UnpackException.class).hasMessageContaining("more than 1 MB");
        Path many = bundle(tar -> {
            for (int i = 0; i < 101; i++) {
                file(tar, "f" + i, "");
            }
        });
        assertThatThrownBy(() -> extractor.extract(many, dir.resolve("out2")))
                .isInstanceOf(UnpackException.class).hasMessageContaining("more than 100 entries");
    }

    @Test
    void aCorruptGzipIsRefused() throws IOException {
        Path corrupt = Files.write(dir.resolve("corrupt.tar.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        assertThatThrownBy(() -> extractor.extract(corrupt, dir.resolve("out")))
                .isInstanceOf(UnpackException.class).hasMessageContaining("corrupt.tar.gz");
    }
    @Test
    void aChainOfLinksThatLeadsOutIsRefusedThoughEachNameLooksInside() throws IOException {
        Path target = dir.resolve("out");
        Path bundle = bundle(tar -> {
            link(tar, "here", ".", TarArchiveEntry.LF_SYMLINK);
            link(tar, "up", "here/..", TarArchiveEntry.LF_SYMLINK); // "here/.." reads as the root, is its parent
        });
        assertThatThrownBy(() -> extractor.extract(bundle, target))
                .isInstanceOf(UnpackException.class).hasMessageContaining("up -> here/..");
        assertThat(target).doesNotExist();
    }

    @Test
    void aFileEntryNeverWritesThroughALinkNamedLikeIt() throws IOException {
        Path bundle = bundle(tar -> {
            link(tar, "here", ".", TarArchiveEntry.LF_SYMLINK);
            link(tar, "secret.txt", "here/../secret.txt", TarArchiveEntry.LF_SYMLINK);
            file(tar, "secret.txt", "evil");
        });
        assertThatThrownBy(() -> extractor.extract(bundle, dir.resolve("out"))).isInstanceOf(UnpackException.class);
        assertThat(dir.resolve("secret.txt")).doesNotExist();
    }

    /** Each link's text stays inside, but together they lead to the target's parent, where nothing may be made. */
    @Test
    void aLinkChainNeverLetsALaterEntryWriteOutsideThoughItsDirectoriesDoNotExistYet() throws IOException {
        for (OutsideLinks mode : OutsideLinks.values()) {
            Path target = dir.resolve("out-" + mode);
            Path archive = bundle(tar -> {
                link(tar, "d1/d2/l", "../..", TarArchiveEntry.LF_SYMLINK);
                link(tar, "m", "d1/d2/l/..", TarArchiveEntry.LF_SYMLINK);
                file(tar, "m/escaped/evil.txt", "evil");
            });

            try {
                new SafeTarExtractor(1024 * 1024, 100, mode).extract(archive, target);
            } catch (UnpackException refused) {
                // refusing is as good as unpacking m/escaped inside: what matters is where the file went
            }

            assertThat(dir.resolve("escaped")).as(mode.toString()).doesNotExist();
            try (var beside = Files.list(dir)) {
                assertThat(beside.map(p -> p.getFileName().toString()))
                        .as(mode + ": nothing new beside the target").allMatch(n -> n.startsWith("out") || n.equals("bundle.tar.gz"));
            }
        }
    }

    @Test
    void aLinkNamedLikeADirectoryOfTheArchiveIsRefusedWhateverTheOrder() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path linkFirst = bundle(tar -> {
            link(tar, "data", "d1/../../outside", TarArchiveEntry.LF_SYMLINK);
            file(tar, "data/x.txt", "evil");
        });
        assertThatThrownBy(() -> extractor.extract(linkFirst, dir.resolve("out"))).isInstanceOf(UnpackException.class);
        assertThat(outside).isEmptyDirectory();

        Path fileFirst = bundle(tar -> {
            file(tar, "data/x.txt", "fine");
            link(tar, "data", "elsewhere", TarArchiveEntry.LF_SYMLINK);
        });
        assertThatThrownBy(() -> extractor.extract(fileFirst, dir.resolve("out2")))
                .isInstanceOf(UnpackException.class).hasMessageContaining("'data' is a link where the archive has");
        assertThat(dir.resolve("out2")).doesNotExist();
    }

    /** The same archive as python/tests/test_archive.py's: b comes in only through a, which is left out. */
    @Test
    void aLinkThatLeadsOutOnceAnotherIsLeftOutIsLeftOutToo() throws IOException {
        Path target = dir.resolve("out/job");
        Files.createDirectories(dir.resolve("outside/deep/er"));
        Path archive = bundle(tar -> {
            link(tar, "d1/d2/l", "../..", TarArchiveEntry.LF_SYMLINK);
            link(tar, "sub/l", ".", TarArchiveEntry.LF_SYMLINK);
            link(tar, "sub/b", "l/a/../../../out/job/x", TarArchiveEntry.LF_SYMLINK);
            link(tar, "sub/a", "../d1/d2/l/../../outside/deep/er", TarArchiveEntry.LF_SYMLINK);
        });

        List<String> leftOut = new SafeTarExtractor(1024 * 1024, 100, OutsideLinks.LEAVE_OUT).extract(archive, target);

        assertThat(leftOut).containsExactlyInAnyOrder("sub/a -> ../d1/d2/l/../../outside/deep/er",
                "sub/b -> l/a/../../../out/job/x");
        try (var sub = Files.list(target.resolve("sub"))) {
            assertThat(sub.map(p -> p.getFileName().toString())).containsExactly("l");
        }
    }

    @Test
    void leavingOutLinksThatPointOutKeepsTheRestAndSaysWhichWereLeftOut() throws IOException {
        Path target = dir.resolve("out");
        Path archive = bundle(tar -> {
            file(tar, "job/result.txt", "42");
            link(tar, "job/data", "/mnt/datasets", TarArchiveEntry.LF_SYMLINK);
            link(tar, "job/same", "result.txt", TarArchiveEntry.LF_SYMLINK);
            link(tar, "job/here", ".", TarArchiveEntry.LF_SYMLINK);
            link(tar, "job/up", "here/../..", TarArchiveEntry.LF_SYMLINK);
        });

        List<String> leftOut = new SafeTarExtractor(1024 * 1024, 100, OutsideLinks.LEAVE_OUT).extract(archive, target);

        assertThat(leftOut).containsExactly("job/data -> /mnt/datasets", "job/up -> here/../..");
        assertThat(target.resolve("job/result.txt")).hasContent("42");
        assertThat(target.resolve("job/same")).isSymbolicLink().hasContent("42");
        assertThat(target.resolve("job/data")).doesNotExist();
        assertThat(Files.exists(target.resolve("job/up"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aTargetThatHoldsFilesIsRefusedAndKept() throws IOException {
        Path target = Files.createDirectories(dir.resolve("out"));
        Files.writeString(target.resolve("mine.txt"), "keep me");
        Path bundle = bundle(tar -> file(tar, "main.py", "print(1)"));

        assertThatThrownBy(() -> extractor.extract(bundle, target))
                .isInstanceOf(UnpackException.class).hasMessageContaining("not empty");
        assertThat(target.resolve("mine.txt")).hasContent("keep me");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        extractor.extract(bundle, empty);
        assertThat(empty.resolve("main.py")).hasContent("print(1)");
    }
}
