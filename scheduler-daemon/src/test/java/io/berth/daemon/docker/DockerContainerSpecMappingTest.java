package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerSpec;
import io.berth.wire.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerContainerSpecMappingTest {
    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void mapsTheWholeSpec() {
        CreateContainerCmd cmd = map(aSpec(List.of("/bin/sh", "-c"), List.of("0", "2"), 4 * GIB));

        assertThat(cmd.getName()).isEqualTo("berth-job-1");
        assertThat(cmd.getImage()).isEqualTo("berth-worker:latest");
        assertThat(cmd.getEntrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(cmd.getCmd()).containsExactly("python3", "train.py");
        assertThat(cmd.getWorkingDir()).isEqualTo("/job/job_source");
        assertThat(cmd.getEnv()).containsExactly("A=1", "B=two words");
        assertThat(cmd.getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ContainerLabels.MANAGED, "true", ContainerLabels.JOB_ID, "j1", ContainerLabels.ATTEMPT, "2"));
    }

    @Test
    void volumesAreBindMountsKeepingTheirAccessModeNotBindsThatCreateAMissingSource() {
        HostConfig host = map(aSpec(null, List.of(), null)).getHostConfig();

        assertThat(host.getBinds()).isNullOrEmpty();
        assertThat(host.getMounts()).containsExactly(
                new Mount().withType(MountType.BIND).withSource("/srv/berth/jobs/j1").withTarget("/job")
                        .withReadOnly(false),
                new Mount().withType(MountType.BIND).withSource("/data/imagenet").withTarget("/data")
                        .withReadOnly(true));
    }

    @Test
    void everyContainerIsUnprivilegedWithoutCapabilitiesOrNewPrivileges() {
        HostConfig host = map(aSpec(null, List.of(), null)).getHostConfig();

        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).isNull();
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getPrivileged()).isFalse();
    }

    @Test
    void memoryLimitLeavesNoSwapOnTop() {
        HostConfig host = map(aSpec(null, List.of(), 4 * GIB)).getHostConfig();

        assertThat(host.getMemory()).isEqualTo(4 * GIB);
        assertThat(host.getMemorySwap()).isEqualTo(4 * GIB);
    }

    @Test
    void cpusBecomeACpuQuotaAndPidsAreLimited() {
        ContainerSpec spec = ContainerSpec.builder("c", "img").cpus(1.5).pidsLimit(256L).build();
        HostConfig host = map(spec).getHostConfig();

        assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(256L);
    }

    @Test
    void aUserIsSetOnlyWhenTheSpecNamesOne() {
        assertThat(map(aSpec(null, List.of(), null)).getUser()).isNull();
        assertThat(map(aSpec(null, List.of(), null).withUser("1000:100")).getUser()).isEqualTo("1000:100");
    }

    @Test
    void theNetworkIsSetOnlyWhenTheSpecNamesOne() {
        assertThat(map(aSpec(null, List.of(), null)).getHostConfig().getNetworkMode()).as("the engine's default").isNull();
        assertThat(map(aSpec(null, List.of(), null).toBuilder().network("none").build()).getHostConfig()
                .getNetworkMode()).isEqualTo("none");
    }

    @Test
    void aReadOnlyRootKeepsTmpWritableUnlessAVolumeIsThere() {
        assertThat(map(aSpec(null, List.of(), null)).getHostConfig().getReadonlyRootfs()).isNull();
        HostConfig host = map(aSpec(null, List.of(), null).toBuilder().readOnlyRoot(true).build()).getHostConfig();
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getTmpFs()).containsExactly(Map.entry("/tmp", "rw,nosuid,nodev,mode=1777"));
        assertThat(host.getMounts()).as("/job stays a writable bind mount")
                .contains(new Mount().withType(MountType.BIND).withSource("/srv/berth/jobs/j1").withTarget("/job")
                        .withReadOnly(false));

        ContainerSpec ownTmp = aSpec(null, List.of(), null).toBuilder().readOnlyRoot(true)
                .volumes(List.of(new VolumeMount("/scratch", "/tmp", false))).build();
        assertThat(map(ownTmp).getHostConfig().getTmpFs()).as("the engine refuses two mounts on /tmp").isNull();
    }

    @Test
    void dockersOwnLogIsJsonFileCappedWhereTheSpecSays() {
        assertThat(map(aSpec(null, List.of(), null)).getHostConfig().getLogConfig().getType()).as("the engine's")
                .isNull();

        LogConfig log = map(aSpec(null, List.of(), null).toBuilder()
                .logCap(new ContainerSpec.LogCap(100L << 20, 3)).build()).getHostConfig().getLogConfig();
        assertThat(log.getType()).isEqualTo(LogConfig.LoggingType.JSON_FILE);
        assertThat(log.getConfig()).containsExactlyInAnyOrderEntriesOf(Map.of("max-size", "100m", "max-file", "3"));
        assertThat(ContainerSpecMapper.logConfig(new ContainerSpec.LogCap(3L << 30, 1)).getConfig())
                .containsEntry("max-size", "3g");
        assertThat(ContainerSpecMapper.logConfig(new ContainerSpec.LogCap(10_000_001, 1)).getConfig())
                .containsEntry("max-size", "10000001");
    }

    @Test
    void gpusAreRequestedByDeviceId() {
        HostConfig host = map(aSpec(null, List.of("0", "2"), null)).getHostConfig();

        assertThat(host.getDeviceRequests()).hasSize(1);
        DeviceRequest gpus = host.getDeviceRequests().get(0);
        assertThat(gpus.getDriver()).isEqualTo("nvidia");
        assertThat(gpus.getDeviceIds()).containsExactly("0", "2");
        assertThat(gpus.getCapabilities()).containsExactly(List.of("gpu"));
        assertThat(gpus.getCount()).as("count and device ids exclude each other").isNull();
    }

    @Test
    void noGpusNoLimitAndNoEntrypointLeaveTheImageDefaults() {
        CreateContainerCmd cmd = map(aSpec(null, List.of(), null));

        assertThat(cmd.getEntrypoint()).isNull();
        assertThat(cmd.getHostConfig().getDeviceRequests()).isNull();
        assertThat(cmd.getHostConfig().getMemory()).isNull();
        assertThat(cmd.getHostConfig().getMemorySwap()).isNull();
        assertThat(cmd.getHostConfig().getNanoCPUs()).isNull();
        assertThat(cmd.getHostConfig().getPidsLimit()).isNull();
    }

    @Test
    void callersCannotUnmarkTheContainer() {
        ContainerSpec spec = ContainerSpec.builder("c", "img").labels(Map.of(ContainerLabels.MANAGED, "false")).build();

        assertThat(map(spec).getLabels()).containsEntry(ContainerLabels.MANAGED, "true");
    }

    @Test
    void theHelpersGoAfterTheJobsOwnPythonpathOrElseTheImagesSoNeitherIsLost() {
        ContainerSpec plain = ContainerSpec.builder("c", "img").pythonPath(List.of("/opt/berth/helpers/python")).build();
        List<String> imageWithOne = List.of("PATH=/usr/bin", "PYTHONPATH=/workspace/lib:/opt/extra");

        assertThat(ContainerSpecMapper.withPythonPath(plain, imageWithOne))
                .containsEntry("PYTHONPATH", "/workspace/lib:/opt/extra:/opt/berth/helpers/python");
        assertThat(ContainerSpecMapper.withPythonPath(plain, List.of("PATH=/usr/bin")))
                .as("an image with none").containsEntry("PYTHONPATH", "/opt/berth/helpers/python");
        assertThat(ContainerSpecMapper.withPythonPath(plain, List.of("PYTHONPATH=")))
                .as("an empty one would put the working directory on the path")
                .containsEntry("PYTHONPATH", "/opt/berth/helpers/python");

        ContainerSpec own = plain.toBuilder().environment(Map.of("PYTHONPATH", "/job/job_source/src")).build();
        assertThat(ContainerSpecMapper.withPythonPath(own, imageWithOne)).as("the job's own replaces the image's")
                .containsEntry("PYTHONPATH", "/job/job_source/src:/opt/berth/helpers/python");
        ContainerSpec already = plain.toBuilder()
                .environment(Map.of("PYTHONPATH", "/opt/berth/helpers/python:/x")).build();
        assertThat(ContainerSpecMapper.withPythonPath(already, List.of())).as("already there")
                .containsEntry("PYTHONPATH", "/opt/berth/helpers/python:/x");
        assertThat(ContainerSpecMapper.withPythonPath(ContainerSpec.builder("c", "img").build(), imageWithOne))
                .as("a container that asks for nothing on the path (an install) keeps the image's as it is")
                .doesNotContainKey("PYTHONPATH");
    }

    private static CreateContainerCmd map(ContainerSpec spec) {
        CreateContainerCmd.Exec noEngine = command -> {
            throw new AssertionError("the mapping must not reach an engine");
        };
        return ContainerSpecMapper.apply(spec, new CreateContainerCmdImpl(noEngine, null, spec.image()), List.of());
    }

    private static ContainerSpec aSpec(List<String> entrypoint, List<String> gpus, Long memory) {
        return ContainerSpec.builder("berth-job-1", "berth-worker:latest")
                .entrypoint(entrypoint)
                .command(List.of("python3", "train.py"))
                .workingDir("/job/job_source")
                .environment(Map.of("B", "two words", "A", "1"))
                .volumes(List.of(new VolumeMount("/srv/berth/jobs/j1", "/job", false),
                        new VolumeMount("/data/imagenet", "/data", true)))
                .gpuDeviceIds(gpus)
                .memoryBytes(memory)
                .labels(Map.of(ContainerLabels.JOB_ID, "j1", ContainerLabels.ATTEMPT, "2"))
                .build();
    }
}
