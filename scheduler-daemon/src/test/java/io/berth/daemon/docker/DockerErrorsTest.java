package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import io.berth.daemon.docker.DockerErrors.Fault;
import java.io.IOException;
import java.net.SocketException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerErrorsTest {
    // as Docker 20.10 with runc 1.1 answers a start whose entrypoint does not exist
    private static final String BAD_ENTRYPOINT = "{\"message\":\"failed to create shim task: OCI runtime create "
            + "failed: runc create failed: unable to start container process: exec: \\\"/no/such/binary\\\": "
            + "stat /no/such/binary: no such file or directory: unknown\"}\n";

    @Test
    void keepsThePartOfARuntimeErrorAUserCanActOn() {
        assertThat(DockerErrors.message(new BadRequestException(BAD_ENTRYPOINT)))
                .isEqualTo("exec: \"/no/such/binary\": stat /no/such/binary: no such file or directory");
    }

    @Test
    void readsOlderRuncWording() {
        String older = "{\"message\":\"OCI runtime create failed: container_linux.go:380: starting container "
                + "process caused: exec: \\\"nope\\\": executable file not found in $PATH: unknown\"}";
        assertThat(DockerErrors.message(new InternalServerErrorException(older)))
                .isEqualTo("exec: \"nope\": executable file not found in $PATH");
    }

    @Test
    void passesOtherMessagesThrough() {
        assertThat(DockerErrors.message(new ConflictException("{\"message\":\"name in use\"}")))
                .isEqualTo("name in use");
        assertThat(DockerErrors.message(new ConflictException("not json"))).isEqualTo("not json");
    }

    @Test
    void blamesTheJobOnlyForWhatItAskedFor() {
        assertThat(DockerErrors.isJobsOwnFault(new BadRequestException(BAD_ENTRYPOINT))).isTrue();
        assertThat(DockerErrors.isJobsOwnFault(new InternalServerErrorException(
                "{\"message\":\"OCI runtime create failed: permission denied\"}"))).isTrue();
        assertThat(DockerErrors.isJobsOwnFault(new InternalServerErrorException(
                "{\"message\":\"write /var/lib/docker: no space left on device\"}"))).isFalse();
        assertThat(DockerErrors.isJobsOwnFault(new ConflictException("{\"message\":\"name in use\"}"))).isFalse();
    }

    @Test
    void aMountTheEngineRefusesWithA500IsStillTheJobsFault() {
        String badMount = "{\"message\":\"invalid volume specification: '/tmp:relative/path:rw': invalid mount "
                + "config for type \\\"bind\\\": invalid mount path: 'relative/path' mount path must be absolute\"}";
        assertThat(DockerErrors.isJobsOwnFault(new InternalServerErrorException(badMount))).isTrue();
        assertThat(DockerErrors.isJobsOwnFault(new InternalServerErrorException("{\"message\":\"disk full\"}"))).isFalse();
    }

    /** Docker's own texts (engine 20.10, runc 1.1, docker-java 3.4 over httpclient5), each with whose fault it is. */
    static Stream<Arguments> startFailures() {
        return Stream.of(
                // the host's docker0 deleted under the engine (a second dockerd started with --bridge none)
                Arguments.of(new InternalServerErrorException("{\"message\":\"failed to create endpoint berth-x on "
                        + "network bridge: adding interface veth1a2b3c4 to bridge docker0 failed: could not find "
                        + "bridge docker0: route ip+net: no such network interface\"}"),
                        Fault.ENGINE, "its network bridge is missing"),
                Arguments.of(new InternalServerErrorException("{\"message\":\"failed to create endpoint berth-x on "
                        + "network bridge: network bridge not found\"}"), Fault.ENGINE, "its network bridge is missing"),
                Arguments.of(new InternalServerErrorException("{\"message\":\"failed to create endpoint berth-x on "
                        + "network bridge: failed to add the host (veth0) <=> sandbox (veth1) pair interfaces: "
                        + "operation not supported\"}"),
                        Fault.ENGINE, "it could not connect the container to its network"),
                // a pooled connection the engine closed when it restarted
                Arguments.of(new RuntimeException(new SocketException("Broken pipe")),
                        Fault.ENGINE, "broken pipe: a connection it had closed"),
                Arguments.of(new RuntimeException(new SocketException("Connection reset")), Fault.ENGINE, "connection reset"),
                Arguments.of(new RuntimeException(new IOException("Connection refused")), Fault.ENGINE, "connection refused"),
                Arguments.of(new RuntimeException(new org.apache.hc.core5.http.NoHttpResponseException(
                        "The target server failed to respond")), Fault.ENGINE, "no answer on a connection it had closed"),
                // a socket path that is gone is the engine's, not a job's missing file
                Arguments.of(new RuntimeException(new IOException("No such file or directory")),
                        Fault.ENGINE, "No such file or directory"),
                Arguments.of(new CallDeadline.CallTimeoutException("no answer from the Docker engine within 30 s"),
                        Fault.ENGINE, "no answer from the Docker engine within 30 s"),
                Arguments.of(new InternalServerErrorException("{\"message\":\"failed to create shim task: connection "
                        + "error: desc = \\\"transport: Error while dialing dial unix /run/containerd/containerd.sock: "
                        + "connect: no such file or directory\\\": unavailable\"}"), Fault.ENGINE, "containerd does not answer"),
                Arguments.of(new InternalServerErrorException("{\"message\":\"Cannot start container: context canceled\"}"),
                        Fault.ENGINE, "it is shutting down"),
                Arguments.of(new DockerExceptionWithStatus("{\"message\":\"daemon is busy\"}", 503),
                        Fault.ENGINE, "daemon is busy"),
                // the job's own
                Arguments.of(new BadRequestException(BAD_ENTRYPOINT), Fault.JOB, null),
                Arguments.of(new InternalServerErrorException("{\"message\":\"failed to create shim task: OCI runtime "
                        + "create failed: runc create failed: unable to start container process: exec: \\\"nope\\\": "
                        + "executable file not found in $PATH: unknown\"}"), Fault.JOB, null),
                Arguments.of(new InternalServerErrorException("{\"message\":\"could not select device driver "
                        + "\\\"nvidia\\\" with capabilities: [[gpu]]\"}"), Fault.JOB, DockerErrors.NVIDIA_HINT),
                // nothing says: counted as an attempt
                Arguments.of(new InternalServerErrorException("{\"message\":\"write /var/lib/docker: no space left "
                        + "on device\"}"), Fault.UNKNOWN, null),
                Arguments.of(new ConflictException("{\"message\":\"Conflict. The container name \\\"/berth-x\\\" is "
                        + "already in use\"}"), Fault.UNKNOWN, null),
                Arguments.of(new IllegalStateException("bug"), Fault.UNKNOWN, null));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("startFailures")
    void tellsWhoseFaultAStartFailureIs(RuntimeException failure, Fault fault, String says) {
        assertThat(DockerErrors.faultOf(failure)).isEqualTo(fault);
        if (fault == Fault.ENGINE) {
            assertThat(DockerErrors.engineCause(failure)).isEqualTo(says);
        } else {
            assertThat(DockerErrors.hint(failure).orElse(null)).isEqualTo(says);
        }
    }

    @Test
    void theNvidiaHintNamesTheToolkitAndHowToConfigureIt() {
        assertThat(DockerErrors.NVIDIA_HINT).contains("nvidia-container-toolkit")
                .contains("nvidia-ctk runtime configure --runtime=docker").contains("restart dockerd");
    }

    private static final class DockerExceptionWithStatus extends com.github.dockerjava.api.exception.DockerException {
        DockerExceptionWithStatus(String message, int status) {
            super(message, status);
        }
    }
}
