package io.berth.daemon.core;

import io.berth.wire.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Turns a claimed job into its container: the contract every job can rely on (docs/architecture.md). */
public final class ContainerSpecs {
    public static final String JOB_MOUNT = "/job";
    public static final String SOURCE_DIR = JOB_MOUNT + "/job_source";
    public static final String PARAMETERS_PATH = SOURCE_DIR + "/foundations_job_parameters.json";
    /** Where the job's helpers append what it reports (docs/job-helpers.md). */
    public static final String EVENTS_PATH = JOB_MOUNT + "/berth/events.jsonl";

    /** Where every job container finds the server's helpers (read-only): the Python packages and the entrypoint. */
    public static final String HELPERS_MOUNT = "/opt/berth/helpers";
    /** On every job's PYTHONPATH, after the image's or the job's own: {@code import berth}, {@code import foundations}. */
    public static final String HELPERS_PYTHON = HELPERS_MOUNT + "/python";
    /** The entrypoint of a job that sets none: runs {@code main.py} with the image's Python, in any image with a sh. */
    public static final List<String> HELPERS_ENTRYPOINT = List.of("/bin/sh", HELPERS_MOUNT + "/berth-entrypoint.sh");

    private ContainerSpecs() {}

    /**
     * The job's container with the GPUs it was given ({@link Job#gpuIds()}), the server's helpers, pids limit and
     * container defaults (user, root file system, Docker's log).
     * Its image's own entrypoint is replaced by the helpers' unless the job names one: images' entrypoints are
     * written for other uses (a shell, a notebook server), and Berth's runs a bare {@code main.py} in any of them.
     */
    public static ContainerSpec forJob(Job job, Path jobDir, RunSettings settings) {
        List<VolumeMount> volumes = new ArrayList<>();
        volumes.add(new VolumeMount(jobDir.toAbsolutePath().toString(), JOB_MOUNT, false));
        volumes.add(new VolumeMount(settings.helpersDir().toAbsolutePath().toString(), HELPERS_MOUNT, true));
        volumes.addAll(job.spec().volumes());
        String workingDir = job.spec().workingDir() == null ? SOURCE_DIR : job.spec().workingDir();
        return ContainerSpec.builder(containerName(job), job.spec().image())
                .entrypoint(job.spec().entrypoint() == null ? HELPERS_ENTRYPOINT : job.spec().entrypoint())
                .command(job.command())
                .workingDir(workingDir)
                .environment(environment(job))
                .pythonPath(List.of(HELPERS_PYTHON))
                .volumes(volumes)
                .gpuDeviceIds(job.gpuIds())
                .memoryBytes(job.requests().memoryBytes())
                .cpus(job.requests().cpus())
                .pidsLimit(settings.pidsLimit())
                .labels(labels(job))
                .user(job.spec().runAs() != null ? job.spec().runAs() : settings.defaultUser())
                .network(job.spec().network())
                .readOnlyRoot(settings.readOnlyRoot())
                .logCap(settings.dockerLog())
                .build();
    }

    public static String containerName(Job job) {
        return "berth-" + job.id() + "-" + job.attempt();
    }

    /**
     * The user's variables, then Berth's, so a job cannot be told it is another job, nor widen its GPUs:
     * the NVIDIA runtime reads {@code NVIDIA_VISIBLE_DEVICES} from the container's environment, so it is
     * always set to exactly the job's GPUs ({@code void}: none). The container sees only those, as 0..n-1,
     * so a {@code CUDA_VISIBLE_DEVICES} of the user's can narrow them but not widen them; they are
     * numbered in PCI bus order, as nvidia-smi lists them, unless the job sets {@code CUDA_DEVICE_ORDER}.
     */
    private static Map<String, String> environment(Job job) {
        Map<String, String> env = new HashMap<>(job.spec().environment());
        // output reaches the log as it is written, as Berth's entrypoint's `python3 -u` does for scripts
        env.putIfAbsent("PYTHONUNBUFFERED", "1");
        env.put("NVIDIA_VISIBLE_DEVICES", job.gpuIds().isEmpty() ? "void" : String.join(",", job.gpuIds()));
        if (!job.gpuIds().isEmpty()) {
            env.putIfAbsent("CUDA_VISIBLE_DEVICES", String.join(",",
                    IntStream.range(0, job.gpuIds().size()).mapToObj(Integer::toString).toList()));
            // CUDA numbers the fastest GPU first unless told otherwise; nvidia-smi, and so Berth, in PCI bus order
            env.putIfAbsent("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
        }
        env.put("BERTH_IMAGE", job.spec().image());
        env.put("BERTH_JOB_ID", job.id());
        env.put("BERTH_PROJECT", job.project());
        env.put("BERTH_ATTEMPT", Integer.toString(job.attempt()));
        env.put("BERTH_PARAMETERS_FILE", PARAMETERS_PATH);
        env.put("BERTH_EVENTS_FILE", EVENTS_PATH);
        env.put("FOUNDATIONS_JOB_ID", job.id());
        env.put("FOUNDATIONS_PROJECT_NAME", job.project());
        env.put("FOUNDATIONS_ATTEMPT", Integer.toString(job.attempt()));
        return env;
    }

    private static Map<String, String> labels(Job job) {
        return Map.of(
                ContainerLabels.MANAGED, "true",
                ContainerLabels.JOB_ID, job.id(),
                ContainerLabels.ATTEMPT, Integer.toString(job.attempt()));
    }
}
