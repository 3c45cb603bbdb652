package io.berth.daemon.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the engine's error answers: what a user should see, and whose fault a refusal is. */
final class DockerErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    // docker-java prefixes the engine's JSON body with "Status NNN: "
    private static final Pattern STATUS_PREFIX = Pattern.compile("^Status \\d{3}: ", Pattern.DOTALL);
    // runc's wrapping before the part a user can act on, in the wordings of several versions
    private static final List<String> RUNTIME_PREAMBLES = List.of(
            "unable to start container process: ", "starting container process caused: ");
    private static final List<String> RUNTIME_FAILURES = List.of(
            "OCI runtime", "executable file not found", "no such file or directory", "permission denied",
            "not a directory", "is a directory",
            // engine 20.10 answers a bad mount in the job's spec with 500, not 400
            "invalid volume specification", "invalid mount config");
    private static final String UNKNOWN_SUFFIX = ": unknown";

    private DockerErrors() {}

    /** The engine's own message, without docker-java's wrapping or runc's preamble. */
    static String message(DockerException e) {
        String text = STATUS_PREFIX.matcher(String.valueOf(e.getMessage()).strip()).replaceFirst("");
        return trimRuntimePreamble(jsonMessage(text).strip());
    }

    /** {@link #message} for the engine's errors, the plain message for others (a timeout, a broken connection). */
    static String describe(RuntimeException e) {
        return e instanceof DockerException d ? message(d) : String.valueOf(e.getMessage());
    }

    /**
     * True when the engine refused the container because of what the job asked for (its entrypoint,
     * command, mounts or limits) rather than because the engine itself is in trouble.
     */
    static boolean isJobsOwnFault(DockerException e) {
        if (e.getHttpStatus() == 400) {
            return true;
        }
        String text = String.valueOf(e.getMessage());
        return e.getHttpStatus() == 500 && RUNTIME_FAILURES.stream().anyMatch(text::contains);
    }

    private static String jsonMessage(String text) {
        if (!text.startsWith("{")) {
            return text;
        }
        try {
            JsonNode message = JSON.readTree(text).get("message");
            return message != null && message.isTextual() ? message.asText() : text;
        } catch (Exception notJson) {
            return text;
        }
    }

    private static String trimRuntimePreamble(String message) {
        String trimmed = message;
        for (String preamble : RUNTIME_PREAMBLES) {
            int at = trimmed.lastIndexOf(preamble);
            if (at >= 0) {
                trimmed = trimmed.substring(at + preamble.length());
            }
        }
        return trimmed.endsWith(UNKNOWN_SUFFIX)
                ? trimmed.substring(0, trimmed.length() - UNKNOWN_SUFFIX.length())
                : trimmed;
    }
}
