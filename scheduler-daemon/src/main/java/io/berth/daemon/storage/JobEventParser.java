package io.berth.daemon.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.core.JobEvent;
import io.berth.wire.WireJson;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** One line of a job's events file (docs/job-helpers.md) as a {@link JobEvent}; anything else is rejected. */
final class JobEventParser {
    private static final int MAX_KEY_LENGTH = 256;
    private final ObjectMapper json = WireJson.mapper();

    Optional<JobEvent> parse(String line) {
        try {
            JsonNode node = json.readTree(line);
            JobEvent.Kind kind = JobEvent.Kind.valueOf(node.path("kind").asText().toUpperCase(Locale.ROOT));
            String key = node.path("key").asText("");
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !node.hasNonNull("time")) {
                return Optional.empty();
            }
            Instant time = Instant.parse(node.get("time").asText());
            Object value = node.has("value") ? json.treeToValue(node.get("value"), Object.class) : null;
            return Optional.ofNullable(switch (kind) {
                case METRIC -> isMetricValue(node.get("value")) && node.path("step").canConvertToLong()
                        ? new JobEvent(kind, key, value, node.get("step").asLong(), time, null, null) : null;
                case PARAM -> new JobEvent(kind, key, value, null, time, null, null);
                case TAG -> new JobEvent(kind, key, value == null ? "" : String.valueOf(value), null, time, null, null);
                case ARTIFACT -> isInside(node.path("path").asText(""))
                        ? new JobEvent(kind, key, null, null, time, node.get("path").asText(), node.path("bytes").asLong(0))
                        : null;
            });
        } catch (Exception notAnEvent) { // malformed JSON, unknown kind, bad time: skip the line
            return Optional.empty();
        }
    }

    /** A number, a string, or a list of them, as Atlas allowed. */
    private static boolean isMetricValue(JsonNode value) {
        if (value == null) {
            return false;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!(item.isNumber() || item.isTextual())) {
                    return false;
                }
            }
            return true;
        }
        return value.isNumber() || value.isTextual();
    }

    /** Artifact paths are relative to the job's berth directory and may not leave it. */
    private static boolean isInside(String path) {
        return !path.isEmpty() && !path.startsWith("/") && !java.nio.file.Path.of(path).normalize().startsWith("..");
    }
}
