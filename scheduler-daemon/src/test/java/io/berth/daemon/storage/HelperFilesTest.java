package io.berth.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelperFilesTest {
    @TempDir
    Path data;

    @Test
    void unpacksThePythonPackagesAndTheEntrypointForEveryUserToRead() throws Exception {
        Path helpers = HelperFiles.unpack(data);

        assertThat(helpers.getParent()).isEqualTo(data.resolve("helpers"));
        assertThat(helpers.resolve("python/berth/__init__.py")).isRegularFile();
        assertThat(helpers.resolve("python/foundations/__init__.py")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(helpers.resolve("berth-entrypoint.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(helpers.resolve("python/berth"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                helpers.resolve("python/berth/__init__.py")))).isEqualTo("rw-r--r--");
        assertThat(helpers.resolve("python/tests")).doesNotExist();
    }

    @Test
    void theSameContentIsUnpackedOnceAndNothingPartialIsLeft() throws Exception {
        Path first = HelperFiles.unpack(data);
        Files.writeString(first.resolve("marker"), "kept");
        Files.createDirectories(data.resolve("helpers/.partial-left-by-a-killed-server/python"));

        Path second = HelperFiles.unpack(data);

        assertThat(second).isEqualTo(first);
        assertThat(second.resolve("marker")).hasContent("kept");
        try (var entries = Files.list(data.resolve("helpers"))) {
            assertThat(entries).containsExactly(first);
        }
    }
}
