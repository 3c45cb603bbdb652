package io.berth.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.archive.SafeTarExtractor;
import io.berth.daemon.core.InvalidBundleException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBundleStoreTest {
    @TempDir
    Path dir;

    @Test
    void aBundleIsKeptUnderItsDigestOnlyIfItsBytesHaveThatDigest() {
        FileSystemBundleStore store = new FileSystemBundleStore(dir, 1 << 20, TestBundles.UNPACKING);
        byte[] bundle = TestBundles.tarGz(Map.of("main.py", "print(1)\n"));
        String digest = TestBundles.sha256(bundle);

        assertThatThrownBy(() -> store.put(digest, new ByteArrayInputStream(new byte[] {1, 2, 3})))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("corrupted or truncated");
        assertThat(store.contains(digest)).isFalse();

        store.put(digest, new ByteArrayInputStream(bundle));
        assertThat(store.path(digest)).hasBinaryContent(bundle);
        assertThat(dir.resolve("incoming")).isEmptyDirectory();
    }

    @Test
    void anUploadOverTheCapIsRefusedWhileStreamingAndLeavesNothing() {
        FileSystemBundleStore store = new FileSystemBundleStore(dir, 1000, TestBundles.UNPACKING);
        assertThatThrownBy(() -> store.put("a".repeat(64), new ByteArrayInputStream(new byte[5000])))
                .isInstanceOf(BundleTooLargeException.class);
        assertThat(store.contains("a".repeat(64))).isFalse();
        assertThat(dir.resolve("incoming")).isEmptyDirectory();
    }

    @Test
    void uploadsCutOffByAStopAreRemovedAtTheNextStart() throws Exception {
        new FileSystemBundleStore(dir, 1000, TestBundles.UNPACKING);
        Path partial = Files.writeString(dir.resolve("incoming").resolve("abc123.part"), "half a bundle");

        new FileSystemBundleStore(dir, 1000, TestBundles.UNPACKING);

        assertThat(partial).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundlesNoJobCouldUnpack")
    void aBundleNoJobCouldUnpackIsRefusedAtUploadNamingItsEntryAndNothingIsKept(String why, byte[] bundle,
                                                                                 String refusal) {
        FileSystemBundleStore store = new FileSystemBundleStore(dir, 1 << 20, new SafeTarExtractor(1 << 20, 10));
        String digest = TestBundles.sha256(bundle);

        assertThatThrownBy(() -> store.put(digest, new ByteArrayInputStream(bundle)))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage("bundle " + digest + " is refused: " + refusal);
        assertThat(store.contains(digest)).isFalse();
        assertThat(dir.resolve("incoming")).isEmptyDirectory();
    }

    static Stream<Arguments> bundlesNoJobCouldUnpack() {
        Map<String, String> eleven = new TreeMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("f" + i, "");
        }
        return Stream.of(
                Arguments.of("a path out", TestBundles.tarGz(Map.of("../../etc/passwd", "root::0:0::/:/bin/sh\n")),
                        "entry '../../etc/passwd' points outside the directory"),
                Arguments.of("a link out", TestBundles.tarGzWithLink("data", "../../.."),
                        "entry 'data' is a link pointing outside the directory"),
                Arguments.of("too many entries", TestBundles.tarGz(eleven), "it has more than 10 entries"),
                Arguments.of("too large unpacked", TestBundles.tarGzOf(Map.of("big", new byte[(1 << 20) + 1])),
                        "it unpacks to more than 1 MB"));
    }
}
