package io.berth.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.daemon.core.InvalidBundleException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
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
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("../escaped.txt");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        assertThat(target).as("nothing half-extracted").doesNotExist();
    }

    @Test
    void absolutePathsAreRefused() throws IOException {
        Path bundle = bundle(tar -> file(tar, "/tmp/berth-absolute-test", "evil"));
        assertThatThrownBy(() -> extractor.extract(bundle, dir.resolve("out")))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("absolute");
    }

    @Test
    void aLinkPointingOutsideIsRefusedAndSoIsWritingThroughIt() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path bundle = bundle(tar -> {
            link(tar, "out-link", outside.toString(), TarArchiveEntry.LF_SYMLINK);
            file(tar, "out-link/pwned.txt", "evil");
        });
        assertThatThrownBy(() -> extractor.extract(bundle, dir.resolve("out")))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("out-link");
        assertThat(outside.resolve("pwned.txt")).doesNotExist();
    }

    @Test
    void hardLinksAreRefused() throws IOException {
        Path bundle = bundle(tar -> link(tar, "hard", "/etc/passwd", TarArchiveEntry.LF_LINK));
        assertThatThrownBy(() -> extractor.extract(bundle, dir.resolve("out")))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("hard");
    }

    @Test
    void unpackingStopsAtTheSizeAndEntryCaps() throws IOException {
        Path big = bundle(tar -> file(tar, "big.bin", "x".repeat(2 * 1024 * 1024)));
        assertThatThrownBy(() -> extractor.extract(big, dir.resolve("out")))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("more than 1 MB");
        Path many = bundle(tar -> {
            for (int i = 0; i < 101; i++) {
                file(tar, "f" + i, "");
            }
        });
        assertThatThrownBy(() -> extractor.extract(many, dir.resolve("out2")))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("more than 100 entries");
    }

    @Test
    void aCorruptGzipIsRefused() throws IOException {
        Path corrupt = Files.write(dir.resolve("corrupt.tar.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        assertThatThrownBy(() -> extractor.extract(corrupt, dir.resolve("out")))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("corrupt.tar.gz");
    }
}
