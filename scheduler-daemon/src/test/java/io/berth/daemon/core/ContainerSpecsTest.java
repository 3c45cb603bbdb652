package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobSpec;
import io.berth.wire.VolumeMount;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecsTest {
    private static final RunSettings SETTINGS =
            new RunSettings(Duration.ofSeconds(1), 3, 100, 1 << 20, Path.of("/data/helpers/0123456789abcdef"));

    private static ContainerSpec containerOf(JobSpec spec) {
        Job job = Job.queued("01jobwithenv0001", null, "demo", List.of("main.py"), Map.of(), spec, "0".repeat(64), 1,
                Instant.now()).claimed();
        return ContainerSpecs.forJob(job, Path.of("/data/jobs/x"), SETTINGS);
    }

    private static JobSpec aSpec(List<String> entrypoint, Map<String, String> environment) {
        return new JobSpec("pytorch/pytorch:2.3.1", entrypoint, null, environment, List.of(), null);
    }

    @Test
    void everyJobGetsTheServersHelpersReadOnlyOnItsPythonpath() {
        ContainerSpec container = containerOf(aSpec(null, Map.of()));

        assertThat(container.volumes()).contains(
                new VolumeMount("/data/helpers/0123456789abcdef", "/opt/berth/helpers", true));
        assertThat(container.pythonPath()).containsExactly("/opt/berth/helpers/python");
        assertThat(container.environment()).doesNotContainKey("PYTHONPATH")
                .containsEntry("BERTH_IMAGE", "pytorch/pytorch:2.3.1")
                .containsEntry("PYTHONUNBUFFERED", "1");
    }

    @Test
    void theHelpersEntrypointRunsTheJobUnlessItNamesItsOwn() {
        assertThat(containerOf(aSpec(null, Map.of())).entrypoint())
                .containsExactly("/bin/sh", "/opt/berth/helpers/berth-entrypoint.sh");
        assertThat(containerOf(aSpec(List.of("/usr/bin/env"), Map.of())).entrypoint()).containsExactly("/usr/bin/env");
    }

    @Test
    void theJobsOwnVariablesStandWhereBerthHasNoneOfItsOwn() {
        Map<String, String> environment = containerOf(aSpec(null,
                Map.of("PYTHONPATH", "/job/job_source/src", "PYTHONUNBUFFERED", "0", "BERTH_JOB_ID", "another")))
                .environment();

        assertThat(environment).containsEntry("PYTHONPATH", "/job/job_source/src")
                .containsEntry("PYTHONUNBUFFERED", "0")
                .containsEntry("BERTH_JOB_ID", "01jobwithenv0001");
    }
}
