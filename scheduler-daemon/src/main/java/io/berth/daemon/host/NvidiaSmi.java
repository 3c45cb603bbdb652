package io.berth.daemon.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks {@code nvidia-smi -L} which GPUs (and MIG devices) the host has; a host without it (or without
 * GPUs) has none. Its output goes to a file, not a pipe, so a hung nvidia-smi (or a child of it holding
 * the pipe open) cannot block the read: after the timeout it is killed and the server starts with no GPUs.
 */
final class NvidiaSmi {
    private static final Logger LOG = LoggerFactory.getLogger(NvidiaSmi.class);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private NvidiaSmi() {}

    static List<GpuIds.Gpu> listGpus() {
        return listGpus("nvidia-smi", TIMEOUT);
    }

    /** @param command {@code nvidia-smi}, found on the PATH, or a path to one */
    static List<GpuIds.Gpu> listGpus(String command, Duration timeout) {
        Path output = null;
        try {
            output = Files.createTempFile("berth-nvidia-smi", ".txt");
            Process process = new ProcessBuilder(command, "-L")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                LOG.warn("{} -L did not answer within {} s; killed it: no GPUs will be handed out (set gpus: in"
                        + " server.yaml, or in agent.yaml on an agent, to list them)", command, timeout.toSeconds());
                return List.of();
            }
            String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                LOG.warn("{} -L failed (exit {}); no GPUs will be handed out: {}", command, process.exitValue(),
                        text.strip());
                return List.of();
            }
            return GpuIds.parse(text);
        } catch (IOException e) {
            LOG.info("could not run {} -L ({}): no GPUs (set gpus: in server.yaml, or in agent.yaml on an agent, to"
                    + " list them)", command, e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", file, e.getMessage());
        }
    }
}
