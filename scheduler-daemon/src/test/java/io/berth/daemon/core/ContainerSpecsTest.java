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
        return containerOf(spec, SETTINGS);
    }

    private static ContainerSpec containerOf(JobSpec spec, RunSettings settings) {
        Job job = Job.queued("01jobwithenv0001", null, "demo", List.of("main.py"), Map.of(), spec, "0".repeat(64), 1,
                Instant.now()).claimed();
        return ContainerSpecs.forJob(job, Path.of("/data/jobs/x"), settings);
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

    @Test
    void theServersContainerDefaultsApplyAndAJobsOwnUserStands() {
        RunSettings careful = new RunSettings(Duration.ofSeconds(1), 3, 100, 1 << 20, Path.of("/data/helpers/x"),
                "1000:1000", true, new ContainerSpec.LogCap(100L << 20, 3));

        ContainerSpec container = containerOf(aSpec(null, Map.of()), careful);
        assertThat(container.user()).isEqualTo("1000:1000");
        assertThat(container.readOnlyRoot()).isTrue();
        assertThat(container.logCap()).isEqualTo(new ContainerSpec.LogCap(100L << 20, 3));
        assertThat(containerOf(aSpec(null, Map.of()).withRunAs("1234:5678"), careful).user()).isEqualTo("1234:5678");

        ContainerSpec plain = containerOf(aSpec(null, Map.of()));
        assertThat(plain.user()).as("the image's").isNull();
        assertThat(plain.readOnlyRoot()).isFalse();
        assertThat(plain.logCap()).as("the engine's").isNull();
    }
}
