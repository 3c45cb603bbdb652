package io.berth.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.cli.UserError;
import io.berth.config.ServerConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerFilesTest {
    @TempDir
    Path home;

    private ServerFiles bound(String bind) throws Exception {
        Files.writeString(home.resolve(ServerConfigLoader.FILE_NAME), "bind: \"" + bind + "\"\nport: 5123\n");
        return new ServerFiles(home, ServerConfigLoader.load(home));
    }

    @Test
    void theStartLineSaysAWildcardBindIsOpenBeyondThisMachine() throws Exception {
        assertThat(bound("0.0.0.0").listening())
                .isEqualTo("0.0.0.0:5123, every address of this machine; here http://127.0.0.1:5123");
        assertThat(bound("::").listening()).isEqualTo("[::]:5123, every address of this machine; here http://[::1]:5123");
    }

    @Test
    void theFilesystemRootIsRefusedAsAServersHome() throws Exception {
        ServerFiles atRoot = new ServerFiles(Path.of("/"), bound("127.0.0.1").config());
        assertThatThrownBy(atRoot::requireHomeOfItsOwn).isInstanceOf(UserError.class)
                .hasMessageStartingWith("BERTH_HOME is /, the filesystem's root");
        assertThatCode(bound("127.0.0.1")::requireHomeOfItsOwn).doesNotThrowAnyException();
    }

    @Test
    void aBindToOneAddressIsItsUrl() throws Exception {
        assertThat(bound("127.0.0.1").listening()).isEqualTo("http://127.0.0.1:5123");
        assertThat(bound("10.1.2.3").listening()).isEqualTo("http://10.1.2.3:5123");
    }
}
