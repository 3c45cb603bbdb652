package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.daemon.core.ContainerRuntimeException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerClientsTest {

    /** docker-java's unix socket ignores the response timeout; the call deadline must hold anyway. */
    @Test
    void anEngineThatNeverAnswersFailsOrdinaryCallsAfterTheCallTimeout(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("silent.sock");
        List<SocketChannel> held = new CopyOnWriteArrayList<>();
        try (ServerSocketChannel silentEngine = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silentEngine.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> acceptAndIgnore(silentEngine, held));
            acceptor.setDaemon(true);
            acceptor.start();

            try (DockerClients docker = DockerClients.connect(URI.create("unix://" + socket), Duration.ofSeconds(1))) {
                DockerContainerRuntime runtime = new DockerContainerRuntime(docker);
                long began = System.nanoTime();

                assertThatThrownBy(() -> runtime.imageExists("berth-worker:latest"))
                        .isInstanceOf(ContainerRuntimeException.class)
                        .hasMessageContaining("berth-worker:latest")
                        .hasMessageContaining("within 1 s");
                assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    private static void acceptAndIgnore(ServerSocketChannel server, List<SocketChannel> held) {
        try {
            while (true) {
                held.add(server.accept());
            }
        } catch (IOException closed) {
            // the test is over
        }
    }
}
