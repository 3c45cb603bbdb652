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

    /**
     * An engine that restarted closed every connection it had; docker-java's pool would hand the next call one
     * of them and fail it with "Broken pipe". The call must go through on a new connection instead.
     */
    @Test
    void aCallAfterTheEngineClosedItsConnectionsGoesThroughOnANewOne(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("engine.sock");
        List<SocketChannel> open = new CopyOnWriteArrayList<>();
        try (ServerSocketChannel engine = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            engine.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> acceptAndAnswer(engine, open));
            acceptor.setDaemon(true);
            acceptor.start();

            try (DockerClients docker = DockerClients.connect(URI.create("unix://" + socket), Duration.ofSeconds(5))) {
                assertThat(create(docker)).isEqualTo("c1");
                for (SocketChannel connection : open) {
                    connection.close(); // as an engine that restarts
                }

                assertThat(create(docker)).as("no Broken pipe").isEqualTo("c1");
                assertThat(docker.renewals()).isEqualTo(1);
                assertThat(create(docker)).isEqualTo("c1");
                assertThat(docker.renewals()).as("a healthy pool is kept").isEqualTo(1);
            }
        }
    }

    private static String create(DockerClients docker) {
        return docker.call(c -> c.createContainerCmd("img").exec().getId());
    }

    /** Answers every request on a connection with a created container, keeping the connection open. */
    private static void acceptAndAnswer(ServerSocketChannel server, List<SocketChannel> open) {
        try {
            while (true) {
                SocketChannel connection = server.accept();
                open.add(connection);
                Thread handler = new Thread(() -> answer(connection));
                handler.setDaemon(true);
                handler.start();
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private static void answer(SocketChannel connection) {
        try {
            java.io.InputStream in = java.nio.channels.Channels.newInputStream(connection);
            java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(connection);
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
                if (length.find()) {
                    in.readNBytes(Integer.parseInt(length.group(1)));
                } else if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                    while (!readLine(in).equals("0")) {
                        readLine(in);
                    }
                    readLine(in);
                }
                byte[] body = "{\"Id\":\"c1\",\"Warnings\":[]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException closed) {
            // the connection was closed
        }
    }

    private static String readHead(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            head.append(line).append('\n');
        }
        return head.length() == 0 ? null : head.toString();
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
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
