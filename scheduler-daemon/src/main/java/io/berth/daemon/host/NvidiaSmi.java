package io.berth.daemon.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks {@code nvidia-smi} which GPUs the host has; a host without it (or without GPUs) has none. */
final class NvidiaSmi {
    private static final Logger LOG = LoggerFactory.getLogger(NvidiaSmi.class);
    private static final long TIMEOUT_SECONDS = 10;

    private NvidiaSmi() {}

    static List<GpuIds.Gpu> listGpus() {
        ProcessBuilder command = new ProcessBuilder("nvidia-smi", "--query-gpu=index,uuid", "--format=csv,noheader")
                .redirectErrorStream(true);
        try {
            Process process = command.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("nvidia-smi did not answer in {} s; no GPUs will be handed out", TIMEOUT_SECONDS);
                return List.of();
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                LOG.warn("nvidia-smi failed (exit {}); no GPUs will be handed out: {}", process.exitValue(), text.strip());
                return List.of();
            }
            return GpuIds.parse(text);
        } catch (IOException notInstalled) {
            LOG.info("no nvidia-smi on this host: no GPUs (set gpus: in server.yaml to list them)");
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
