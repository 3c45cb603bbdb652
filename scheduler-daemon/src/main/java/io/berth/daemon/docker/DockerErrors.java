package io.berth.daemon.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the engine's error answers: what a user should see, and whose fault a refusal is. The rules for a
 * start's failure are {@link #RULES}, one table: the first whose text the error contains decides.
 */
final class DockerErrors {
    /** Whose fault a failed call is. */
    enum Fault {
        /** What the job asked for: trying again cannot help, so it fails once. */
        JOB,
        /** The engine's own trouble (its network, its connection, its shutdown): the job is not to blame. */
        ENGINE,
        /** Nothing says: counted as an attempt, as before the rules knew better. */
        UNKNOWN
    }

    /**
     * A rule: an error containing {@code text} (in any case) is {@code fault}'s; {@code says} is, for the
     * engine's, its cause in a few words, and for the job's, a hint (or null).
     */
    record Rule(String text, Fault fault, String says) {}

    static final String NVIDIA_HINT = "the Docker engine has no NVIDIA runtime for the GPUs the job asks for: "
            + "install the NVIDIA container toolkit (the nvidia-container-toolkit package), run "
            + "`nvidia-ctk runtime configure --runtime=docker`, then restart dockerd";

    // Order matters: the engine's plumbing first, since containerd's socket can be missing ("no such file
    // or directory") just as a job's entrypoint can.
    static final List<Rule> RULES = List.of(
            new Rule("could not find bridge", Fault.ENGINE, "its network bridge is missing"),
            new Rule("network bridge not found", Fault.ENGINE, "its network bridge is missing"),
            new Rule("failed to create endpoint", Fault.ENGINE, "it could not connect the container to its network"),
            new Rule("containerd.sock", Fault.ENGINE, "containerd does not answer"),
            new Rule("transport is closing", Fault.ENGINE, "containerd does not answer"),
            new Rule("shutting down", Fault.ENGINE, "it is shutting down"),
            new Rule("context canceled", Fault.ENGINE, "it is shutting down"),
            new Rule("broken pipe", Fault.ENGINE, "broken pipe: a connection it had closed"),
            new Rule("connection reset", Fault.ENGINE, "connection reset"),
            new Rule("connection refused", Fault.ENGINE, "connection refused"),
            new Rule("failed to respond", Fault.ENGINE, "no answer on a connection it had closed"),
            new Rule("could not select device driver \"nvidia\"", Fault.JOB, NVIDIA_HINT),
            new Rule("OCI runtime", Fault.JOB, null),
            new Rule("executable file not found", Fault.JOB, null),
            new Rule("no such file or directory", Fault.JOB, null),
            new Rule("permission denied", Fault.JOB, null),
            new Rule("not a directory", Fault.JOB, null),
            new Rule("is a directory", Fault.JOB, null),
            // engine 20.10 answers a bad mount in the job's spec with 500, not 400
            new Rule("invalid volume specification", Fault.JOB, null),
            new Rule("invalid mount config", Fault.JOB, null));

    private static final ObjectMapper JSON = new ObjectMapper();
    // docker-java prefixes the engine's JSON body with "Status NNN: "
    private static final Pattern STATUS_PREFIX = Pattern.compile("^Status \\d{3}: ", Pattern.DOTALL);
    // runc's wrapping before the part a user can act on, in the wordings of several versions
    private static final List<String> RUNTIME_PREAMBLES = List.of(
            "unable to start container process: ", "starting container process caused: ");
    private static final String UNKNOWN_SUFFIX = ": unknown";

    private DockerErrors() {}

    /** The engine's own message, without docker-java's wrapping or runc's preamble. */
    static String message(DockerException e) {
        return trimRuntimePreamble(wholeMessage(e));
    }

    /** The engine's message, JSON read, with all its wrapping. */
    private static String wholeMessage(DockerException e) {
        String text = STATUS_PREFIX.matcher(String.valueOf(e.getMessage()).strip()).replaceFirst("");
        return jsonMessage(text).strip();
    }

    /** {@link #message} for the engine's errors, the plain message for others (a timeout, a broken connection). */
    static String describe(RuntimeException e) {
        return e instanceof DockerException d ? message(d) : String.valueOf(e.getMessage());
    }

    /**
     * Whose fault a failed call is: a 400 is the job's (what it asked for), a 503 or a broken connection
     * (an I/O failure, no answer in time) the engine's; otherwise the first of {@link #RULES} that matches.
     */
    static Fault faultOf(RuntimeException e) {
        if (!(e instanceof DockerException)) {
            return brokenConnection(e) || e instanceof CallDeadline.CallTimeoutException ? Fault.ENGINE : Fault.UNKNOWN;
        }
        DockerException d = (DockerException) e;
        if (d.getHttpStatus() == 400) {
            return Fault.JOB;
        }
        return ruleFor(e).map(Rule::fault).orElse(d.getHttpStatus() == 503 ? Fault.ENGINE : Fault.UNKNOWN);
    }

    /** True when the engine refused the container because of what the job asked for. */
    static boolean isJobsOwnFault(DockerException e) {
        return faultOf(e) == Fault.JOB;
    }

    /** An engine's fault in a few words ("its network bridge is missing"), else what broke. */
    static String engineCause(RuntimeException e) {
        return ruleFor(e).filter(rule -> rule.fault() == Fault.ENGINE).map(Rule::says).orElse(innermost(e));
    }

    /** A hint for a failure that is the job's, if a rule has one. */
    static Optional<String> hint(RuntimeException e) {
        return faultOf(e) != Fault.JOB ? Optional.empty()
                : ruleFor(e).filter(rule -> rule.fault() == Fault.JOB).map(Rule::says);
    }

    /** Whether the connection to the engine broke under the call: an I/O failure, not an answer. */
    static boolean brokenConnection(Throwable e) {
        for (Throwable t = e; t != null && !(e instanceof DockerException); t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The deepest cause's message: what broke, without the wrappers' class names. */
    private static String innermost(RuntimeException e) {
        if (e instanceof DockerException d) {
            return message(d);
        }
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static Optional<Rule> ruleFor(RuntimeException e) {
        String text = (e instanceof DockerException d ? wholeMessage(d) : chainText(e)).toLowerCase(Locale.ROOT);
        return RULES.stream().filter(rule -> text.contains(rule.text().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** The messages of the exception and its causes: docker-java wraps an I/O failure in its own. */
    private static String chainText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
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
