package io.berth.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdTest {

    @Test
    void aDataDirectoryKeepsItsIdAcrossStartsAndAnotherGetsItsOwn(@TempDir Path home) throws Exception {
        Path data = home.resolve("data");
        String first = ServerId.of(data);

        assertThat(first).matches("[0-9a-f]{16}");
        assertThat(ServerId.of(data)).as("the next start").isEqualTo(first);
        assertThat(ServerId.of(home.resolve("other-data"))).isNotEqualTo(first);
        try (var files = Files.list(data)) {
            assertThat(files).as("no draft left beside it").containsExactly(data.resolve(ServerId.FILE_NAME));
        }
    }

    @Test
    void aDamagedIdFileIsNamedAndNotReplaced(@TempDir Path data) throws Exception {
        Path file = data.resolve(ServerId.FILE_NAME);
        Files.writeString(file, "not an id\n");

        assertThatThrownBy(() -> ServerId.of(data)).hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("not an id\n");
    }
}
