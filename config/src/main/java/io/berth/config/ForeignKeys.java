package io.berth.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Berth way for keys of {@code job.config.yaml} that Berth refuses but Atlas users write: Atlas's own
 * {@code worker.resources}, docker-py's {@code containers.run} options (Atlas handed {@code worker:} to it, so
 * users wrote {@code mem_limit}, {@code runtime}...), and a key of one level written at the other.
 */
final class ForeignKeys {
    private static final Map<String, String> HINTS = hints();
    private static final Set<String> TOP_LEVEL_KEYS = keysOf(JobConfig.class);
    private static final Set<String> WORKER_KEYS = keysOf(JobConfig.Worker.class);

    private ForeignKeys() {}

    /** What to say of {@code key}, unknown in the mapping {@code owner} binds to; empty when Berth knows no better. */
    static Optional<String> hint(Class<?> owner, String key) {
        if (owner == JobConfig.class && WORKER_KEYS.contains(key) && !TOP_LEVEL_KEYS.contains(key)) {
            return Optional.of("it belongs under worker:");
        }
        if (owner == JobConfig.Worker.class && TOP_LEVEL_KEYS.contains(key)) {
            return Optional.of("a top-level key: move it out of worker:");
        }
        return owner == JobConfig.class || owner == JobConfig.Worker.class
                ? Optional.ofNullable(HINTS.get(key)) : Optional.empty();
    }

    private static Map<String, String> hints() {
        Map<String, String> hints = new HashMap<>();
        hints.put("resources", "Atlas's Kubernetes leftover, which Atlas never applied; set num_gpus, cpus and memory"
                + " at the top level");
        said(hints, "GPUs come from the top-level num_gpus: the job gets that many, by id, with no runtime to set",
                "runtime", "gpus", "device_requests");
        said(hints, "use worker.network: none, bridge or a network the server allows",
                "network_mode", "networks", "network_disabled");
        said(hints, "use the top-level memory: 8g, or ram; Docker adds no swap on top",
                "mem_limit", "memswap_limit", "mem_reservation");
        said(hints, "use the top-level cpus: 2, fractions allowed",
                "cpu_count", "nano_cpus", "cpu_quota", "cpu_period", "cpu_shares", "cpuset_cpus");
        said(hints, "Berth does not set it: jobs get Docker's default /dev/shm of 64m", "shm_size");
        said(hints, "jobs publish no ports; they report metrics and artifacts through Berth's helpers", "ports");
        said(hints, "jobs get no extra privileges or devices; GPUs come from the top-level num_gpus",
                "privileged", "cap_add", "security_opt", "devices");
        said(hints, "jobs run as their image's user, or as their submitter where the server sets"
                + " run_jobs_as_submitter", "user");
        said(hints, "Berth names, labels, restarts and removes job containers itself",
                "name", "hostname", "labels", "detach", "remove", "auto_remove", "restart_policy");
        return Map.copyOf(hints);
    }

    private static void said(Map<String, String> hints, String hint, String... keys) {
        for (String key : keys) {
            hints.put(key, hint);
        }
    }

    /** The YAML keys a record binds, as {@link YamlFiles} names them (snake_case). */
    private static Set<String> keysOf(Class<? extends Record> type) {
        PropertyNamingStrategies.NamingBase snakeCase = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).map(snakeCase::translate)
                .collect(Collectors.toUnmodifiableSet());
    }
}
