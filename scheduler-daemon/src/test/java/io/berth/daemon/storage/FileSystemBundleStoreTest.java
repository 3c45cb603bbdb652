package io.berth.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.daemon.core.InvalidBundleException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBundleStoreTest {
    @TempDir
    Path dir;

    @Test
    void aBundleIsKeptUnderItsDigestOnlyIfItsBytesHaveThatDigest() {
        FileSystemBundleStore store = new FileSystemBundleStore(dir, 1 << 20);
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
        FileSystemBundleStore store = new FileSystemBundleStore(dir, 1000);
        assertThatThrownBy(() -> store.put("a".repeat(64), new ByteArrayInputStream(new byte[5000])))
                .isInstanceOf(BundleTooLargeException.class);
        assertThat(store.contains("a".repeat(64))).isFalse();
        assertThat(dir.resolve("incoming")).isEmptyDirectory();
    }

    @Test
    void uploadsCutOffByAStopAreRemovedAtTheNextStart() throws Exception {
        new FileSystemBundleStore(dir, 1000);
        Path partial = Files.writeString(dir.resolve("incoming").resolve("abc123.part"), "half a bundle");

        new FileSystemBundleStore(dir, 1000);

        assertThat(partial).doesNotExist();
    }
}
