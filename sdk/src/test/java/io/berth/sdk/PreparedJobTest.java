package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.ConfigException;
import io.berth.config.JobConfig;
import io.berth.config.JobConfigLoader;
import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import io.berth.wire.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreparedJobTest {
    private static final Path DIR = Path.of("/work/projects/mnist");

    private static JobConfig config(String yaml) {
        return JobConfigLoader.parse(Path.of("job.config.yaml"), yaml);
    }

    private static final JobConfig FULL = config("""
            project_name: from-config
            log_level: DEBUG
            num_gpus: 2
            memory: 6g
            cpus: 1.5
            timeout: 90m
            priority: 5
            max_attempts: 2
            retry_on_failure: true
            params: {lr: 0.1, epochs: 3}
            worker:
              image: cfg-image
              entrypoint: ["/prejob/run.sh"]
              args: train.py --fast
              working_dir: /job/job_source/src
              environment: {A: "1", B: "2"}
              volumes:
                /srv/data: {bind: /data, mode: ro}
                /srv/out: {bind: /out}
            """);

    @Test
    void mapsTheConfigToTheSpec() {
        PreparedJob job = PreparedJob.from(FULL, Submission.of(DIR, List.of()));
        assertThat(job.project()).isEqualTo("from-config");
        assertThat(job.command()).containsExactly("train.py", "--fast");
        assertThat(job.params()).containsExactly(Map.entry("lr", 0.1), Map.entry("epochs", 3));
        assertThat(job.spec()).isEqualTo(new JobSpec("cfg-image", List.of("/prejob/run.sh"), "/job/job_source/src",
                Map.of("BERTH_LOG_LEVEL", "DEBUG", "A", "1", "B", "2"),
                List.of(new VolumeMount("/srv/data", "/data", true), new VolumeMount("/srv/out", "/out", false)),
                new JobRequests(2, 1.5, 6L << 30, 5400L, 5, 2, true)));
    }

    @Test
    void theSubmissionWins() {
        Submission submission = Submission.of(DIR, List.of("main.py", "--epochs", "5"))
                .withParams(Map.of("lr", 0.01, "seed", 7))
                .withProjectName("override")
                .withImage("cli-image")
                .withEntrypoint(List.of("python3", "-u"))
                .withRequests(JobRequests.none().withNumGpus(0).withMemoryBytes(1L << 30).withPriority(-3))
                .withEnvironment(Map.of("B", "cli", "BERTH_LOG_LEVEL", "ERROR"));
        PreparedJob job = PreparedJob.from(FULL, submission);
        assertThat(job.project()).isEqualTo("override");
        assertThat(job.command()).containsExactly("main.py", "--epochs", "5");
        assertThat(job.params()).containsExactly(Map.entry("lr", 0.01), Map.entry("epochs", 3), Map.entry("seed", 7));
        assertThat(job.spec().image()).isEqualTo("cli-image");
        assertThat(job.spec().entrypoint()).containsExactly("python3", "-u");
        assertThat(job.spec().requests()).isEqualTo(new JobRequests(0, 1.5, 1L << 30, 5400L, -3, 2, true));
        assertThat(job.spec().environment()).containsEntry("A", "1").containsEntry("B", "cli")
                .containsEntry("BERTH_LOG_LEVEL", "ERROR");
    }

    @Test
    void aDirectoryNameThatIsNoProjectNameGivesOneAndABadGivenNameIsRefusedBeforeAnyUpload() {
        assertThat(PreparedJob.from(JobConfig.empty(), Submission.of(Path.of("/work/мой проект"), List.of("main.py")))
                .project()).isEqualTo("мой-проект");
        assertThatThrownBy(() -> PreparedJob.from(JobConfig.empty(),
                Submission.of(DIR, List.of("main.py")).withProjectName("my project")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'my project' is not a valid project name")
                .hasMessageEndingWith("; use 'my-project'");
    }

    @Test
    void anEmptyConfigLeavesEverythingToTheServerAndNamesTheProjectAfterItsDirectory() {
        PreparedJob job = PreparedJob.from(JobConfig.empty(), Submission.of(DIR, List.of("main.py")));
        assertThat(job.project()).isEqualTo("mnist");
        assertThat(job.command()).containsExactly("main.py");
        assertThat(job.params()).isEmpty();
        assertThat(job.spec()).isEqualTo(JobSpec.defaults());
    }

    @Test
    void ramAndTheTopLevelEntrypointAreAtlasSpellingsOfTheSameThings() {
        PreparedJob job = PreparedJob.from(config("ram: 2\nentrypoint: python -u\n"), Submission.of(DIR, List.of("m.py")));
        assertThat(job.spec().requests().memoryBytes()).isEqualTo(2L << 30);
        assertThat(job.spec().entrypoint()).containsExactly("python", "-u");
    }

    @Test
    void workerCommandIsUsedWhenTheSubmissionHasNone() {
        JobConfig config = config("worker:\n  command: [main.py, --epochs, 3]\n");
        assertThat(PreparedJob.from(config, Submission.of(DIR, List.of())).command())
                .containsExactly("main.py", "--epochs", "3");
        assertThat(PreparedJob.from(config, Submission.of(DIR, List.of("other.py"))).command())
                .containsExactly("other.py");
    }

    @Test
    void toRequestCarriesEverything() {
        PreparedJob job = PreparedJob.from(FULL, Submission.of(DIR, List.of()));
        var request = job.toRequest("ab".repeat(32));
        assertThat(request.bundleDigest()).isEqualTo("ab".repeat(32));
        assertThat(request.project()).isEqualTo(job.project());
        assertThat(request.command()).isEqualTo(job.command());
        assertThat(request.params()).isEqualTo(job.params());
        assertThat(request.spec().withRunAs(null)).isEqualTo(job.spec());
        com.sun.security.auth.module.UnixSystem me = new com.sun.security.auth.module.UnixSystem();
        assertThat(request.spec().runAs()).as("who submits").isEqualTo(me.getUid() + ":" + me.getGid());
    }
}
