package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import org.junit.jupiter.api.Test;

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
}
