package io.berth.sdk.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a Java job uses from inside its container: its parameters, and reports of metrics, params, tags
 * and artifacts. The Java twin of the Python {@code berth} module in the worker image, with the same
 * rules and the same file format ({@code docs/job-helpers.md}).
 *
 * <p>Every report is one line of compact JSON appended to the events file named by
 * {@code BERTH_EVENTS_FILE}, with a single write to a channel opened with {@code APPEND}, so lines
 * written concurrently by threads, other contexts or other processes never interleave. No network, no
 * credentials: the server reads the file while the job runs and at its end.
 *
 * <pre>{@code
 * JobContext job = JobContext.current();
 * Map<String, Object> params = job.parameters();
 * for (int epoch = 0; epoch < 3; epoch++) {
 *     job.logMetric("loss", 1.0 / (epoch + 1));   // steps 0, 1, 2
 * }
 * job.setTag("model", "resnet");
 * job.saveArtifact(Path.of("plot.png"));
 * }</pre>
 *
 * <p>Outside a Berth job ({@code BERTH_EVENTS_FILE} unset or empty) each reporting method prints
 * {@code berth: not running in a Berth job; <method> does nothing} once on stderr and does nothing.
 *
 * <p>Invalid keys and values throw {@link IllegalArgumentException} naming the key; failures to write
 * the events file throw {@link UncheckedIOException}. Instances are thread-safe.
 */
public final class JobContext {
    /** Names the events file (JSON Lines) the server reads. */
    public static final String EVENTS_FILE_ENV = "BERTH_EVENTS_FILE";
    /** Names the JSON file holding the job's parameters. */
    public static final String PARAMETERS_FILE_ENV = "BERTH_PARAMETERS_FILE";
    /** Atlas's parameters file, looked for in the working directory when the variable names no file. */
    public static final String DEFAULT_PARAMETERS_FILE = "foundations_job_parameters.json";
    /** An event line, including its newline, is at most this many bytes (under 64 KiB). */
    public static final int MAX_LINE_BYTES = 65535;
    /** Keys are non-empty strings of at most this many characters. */
    public static final int MAX_KEY_LENGTH = 256;
    /** The directory, next to the events file, that saved artifacts are copied to. */
    public static final String ARTIFACTS_DIR = "artifacts";

    static final String NO_PARAMETERS_WARNING =
            "berth: not running in a Berth job or no parameters given; parameters() returns {}";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** What {@link #append} adds to an event: {@code ,"time":"2026-11-22T02:59:59.123Z"} and the newline. */
    private static final int TIME_AND_NEWLINE_BYTES = ",\"time\":\"2026-11-22T02:59:59.123Z\"".length() + 1;
    private static final String TEMP_PREFIX = ".berth-tmp-";
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final ObjectWriter WRITER = JSON.writer();
    /** For strings UTF-8 cannot encode (lone surrogates): everything non-ASCII escaped. */
    private static final ObjectWriter ASCII_WRITER = JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JobContext current;

    private final Path eventsFile;
    private final List<Path> parameterFiles;
    private final Object lock = new Object();
    private final Map<String, Long> steps = new HashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private JobContext(Path eventsFile, List<Path> parameterFiles) {
        this.eventsFile = eventsFile;
        this.parameterFiles = List.copyOf(parameterFiles);
    }

    /**
     * The context of the running job, from {@code BERTH_EVENTS_FILE} and {@code BERTH_PARAMETERS_FILE};
     * always the same instance, so that automatic steps count per key across the whole process.
     */
    public static synchronized JobContext current() {
        if (current == null) {
            current = fromEnvironment(System.getenv());
        }
        return current;
    }

    /**
     * A context writing to {@code eventsFile} and reading {@code parametersFile}, for tests and tools.
     * A null {@code eventsFile} means outside a job; a null {@code parametersFile} means no parameters.
     * Each call returns a new context with its own step counts.
     */
    public static JobContext at(Path eventsFile, Path parametersFile) {
        return new JobContext(eventsFile, parametersFile == null ? List.of() : List.of(parametersFile));
    }

    /** A context as {@link #current()} makes it from the given environment variables. */
    static JobContext fromEnvironment(Map<String, String> env) {
        String events = env.get(EVENTS_FILE_ENV);
        String parameters = env.get(PARAMETERS_FILE_ENV);
        List<Path> parameterFiles = new ArrayList<>();
        if (parameters != null && !parameters.isEmpty()) {
            parameterFiles.add(Path.of(parameters));
        }
        parameterFiles.add(Path.of(DEFAULT_PARAMETERS_FILE));
        return new JobContext(events == null || events.isEmpty() ? null : Path.of(events), parameterFiles);
    }

    /** Whether reports go anywhere: true when there is an events file. */
    public boolean isInsideJob() {
        return eventsFile != null;
    }

    /** The events file, or null outside a job. */
    public Path eventsFile() {
        return eventsFile;
    }

    /**
     * The job's parameters: the JSON object in the parameters file ({@code BERTH_PARAMETERS_FILE}, else
     * {@code foundations_job_parameters.json} in the working directory). Without one, a warning once on
     * stderr and an empty map. Nothing is logged: the server already records the submitted parameters.
     * Numbers come back as Integer, Long, BigInteger or Double; objects as maps, arrays as lists.
     *
     * @return a new, modifiable map on each call
     * @throws IllegalStateException if the file is not valid JSON or does not hold an object
     * @throws UncheckedIOException  if the file cannot be read
     */
    public Map<String, Object> parameters() {
        Path file = parameterFiles.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        if (file == null) {
            warnOnce("parameters()", NO_PARAMETERS_WARNING);
            return new LinkedHashMap<>();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "berth: parameters file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("berth: cannot read parameters file " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalStateException("berth: parameters file " + file + " must hold a JSON object, not "
                    + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(tree, LinkedHashMap.class);
        return map;
    }

    /**
     * Records a value of the metric {@code key} at the next automatic step: the calls for each key are
     * numbered 0, 1, 2, ... within this context (for {@link #current()}, this process).
     *
     * @param value a finite number, a string (any {@link CharSequence}), or a collection or array of them
     * @throws IllegalArgumentException naming the key, for an invalid key or value or a line over 64 KiB
     */
    public void logMetric(String key, Object value) {
        metric(key, value, null);
    }

    /**
     * Records a value of the metric {@code key} at {@code step}; an explicit step does not advance the
     * automatic count.
     *
     * @see #logMetric(String, Object)
     */
    public void logMetric(String key, Object value, long step) {
        metric(key, value, step);
    }

    private void metric(String key, Object value, Long step) {
        if (outside("logMetric")) {
            return;
        }
        checkKey("logMetric", key);
        JsonNode node = metricValue(key, value);
        synchronized (lock) {
            long actual = step != null ? step : steps.getOrDefault(key, 0L);
            ObjectNode event = event("metric", key);
            event.set("value", node);
            event.put("step", actual);
            append(checked("logMetric", key, event));
            if (step == null) {
                steps.put(key, actual + 1);
            }
        }
    }

    /**
     * Records the parameter {@code key}: any value Jackson can write as JSON (null, booleans, finite
     * numbers, strings, maps, collections, arrays, records and beans).
     *
     * @throws IllegalArgumentException naming the key, for an invalid key or value or a line over 64 KiB
     */
    public void logParam(String key, Object value) {
        if (outside("logParam")) {
            return;
        }
        byte[] line = paramLine("logParam", key, value);
        synchronized (lock) {
            append(line);
        }
    }

    /**
     * Records each entry of {@code params} as a parameter, one event each. All entries are checked before
     * anything is written, so an invalid one leaves no partial record.
     *
     * @see #logParam(String, Object)
     */
    public void logParams(Map<String, ?> params) {
        if (outside("logParams")) {
            return;
        }
        if (params == null) {
            throw new IllegalArgumentException("berth: logParams needs a map, not null");
        }
        List<byte[]> lines = new ArrayList<>();
        params.forEach((key, value) -> lines.add(paramLine("logParams", key, value)));
        synchronized (lock) {
            lines.forEach(this::append);
        }
    }

    /** Tags the job with {@code key} and an empty value. */
    public void setTag(String key) {
        setTag(key, "");
    }

    /**
     * Tags the job: {@code key} with {@code value}. Setting a tag again replaces its value.
     *
     * @throws IllegalArgumentException naming the key, for an invalid key, a null value or a line over 64 KiB
     */
    public void setTag(String key, String value) {
        if (outside("setTag")) {
            return;
        }
        checkKey("setTag", key);
        if (value == null) {
            throw new IllegalArgumentException("berth: setTag: the value of tag '" + key + "' must not be null");
        }
        ObjectNode event = event("tag", key);
        event.put("value", value);
        byte[] line = checked("setTag", key, event);
        synchronized (lock) {
            append(line);
        }
    }

    /** Saves a copy of {@code file} with the job, under its file name as the key. */
    public void saveArtifact(Path file) throws IOException {
        saveArtifact(file, null);
    }

    /**
     * Saves a copy of {@code file} with the job, under {@code key} (null: the file name). The file is copied
     * to {@code artifacts/<key>/<file name>} next to the events file (the copy appears atomically), then an
     * {@code artifact} event is written. Saving the same key again replaces the earlier copy.
     *
     * @throws NoSuchFileException      if {@code file} does not exist
     * @throws FileSystemException      if {@code file} is a directory
     * @throws IOException              if the copy fails
     * @throws IllegalArgumentException for an invalid key, or one that cannot be a directory name
     *                                  ({@code /}, {@code .}, {@code ..}, NUL, over 255 bytes)
     */
    public void saveArtifact(Path file, String key) throws IOException {
        if (outside("saveArtifact")) {
            return;
        }
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "berth: saveArtifact: no such file");
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "berth: saveArtifact: a directory, not a file");
        }
        Path fileName = file.toAbsolutePath().normalize().getFileName();
        if (fileName == null) {
            throw new FileSystemException(file.toString(), null, "berth: saveArtifact: not a file");
        }
        String basename = fileName.toString();
        String actualKey = key == null ? basename : key;
        checkKey("saveArtifact", actualKey);
        if (actualKey.contains("/") || actualKey.contains("\0") || actualKey.equals(".") || actualKey.equals("..")
                || actualKey.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("berth: saveArtifact: key '" + actualKey
                    + "' cannot be used as a directory name (no '/', not '.' or '..', at most 255 bytes)");
        }

        Path keyDir = eventsFile.toAbsolutePath().getParent().resolve(ARTIFACTS_DIR).resolve(actualKey);
        Files.createDirectories(keyDir);
        Path temp = keyDir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            long size = Files.size(temp);
            ObjectNode event = event("artifact", actualKey);
            event.put("path", ARTIFACTS_DIR + "/" + actualKey + "/" + basename);
            event.put("bytes", size);
            byte[] line = checked("saveArtifact", actualKey, event);
            synchronized (lock) {
                moveIntoPlace(temp, keyDir.resolve(basename));
                removeOthers(keyDir, basename);
                append(line);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // ------------------------------------------------------------------------------------------------

    private boolean outside(String method) {
        if (eventsFile != null) {
            return false;
        }
        warnOnce(method, "berth: not running in a Berth job; " + method + " does nothing");
        return true;
    }

    private void warnOnce(String what, String message) {
        if (warned.add(what)) {
            PrintStream err = System.err;
            err.println(message);
            err.flush();
        }
    }

    private static void checkKey(String method, String key) {
        if (key == null) {
            throw new IllegalArgumentException("berth: " + method + ": key must not be null");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("berth: " + method + ": key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("berth: " + method + ": key '" + key.substring(0, 40) + "...' is "
                    + key.length() + " characters long, more than " + MAX_KEY_LENGTH);
        }
        if (key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("berth: " + method + ": key '" + key.replace("\n", "\\n")
                    .replace("\r", "\\r") + "' must not contain a line break");
        }
    }

    private static JsonNode metricValue(String key, Object value) {
        if (value instanceof Iterable<?> iterable) {
            ArrayNode array = NODES.arrayNode();
            for (Object element : iterable) {
                array.add(metricScalar(key, element));
            }
            return array;
        }
        if (value != null && value.getClass().isArray()) {
            ArrayNode array = NODES.arrayNode();
            int length = Array.getLength(value);
            for (int i = 0; i < length; i++) {
                array.add(metricScalar(key, Array.get(value, i)));
            }
            return array;
        }
        return metricScalar(key, value);
    }

    private static JsonNode metricScalar(String key, Object value) {
        if (value instanceof CharSequence text) {
            return NODES.textNode(text.toString());
        }
        if (value instanceof Boolean) {
            throw new IllegalArgumentException("berth: logMetric: the value of metric '" + key
                    + "' is a boolean; use a number (0/1) or a string");
        }
        if (value instanceof Number number) {
            return number(key, number);
        }
        throw new IllegalArgumentException("berth: logMetric: the value of metric '" + key
                + "' must be a number, a string or a collection or array of them, not "
                + (value == null ? "null" : value.getClass().getName()));
    }

    private static JsonNode number(String key, Number number) {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return NODES.numberNode(number.intValue());
        }
        if (number instanceof Long) {
            return NODES.numberNode(number.longValue());
        }
        if (number instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (number instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        double d = number.doubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("berth: logMetric: the value of metric '" + key + "' is " + number
                    + "; NaN and infinity cannot be recorded");
        }
        if (number instanceof Float f) {
            return NODES.numberNode(f);
        }
        return NODES.numberNode(d);
    }

    private static byte[] paramLine(String method, String key, Object value) {
        checkKey(method, key);
        JsonNode node;
        try {
            node = value == null ? NullNode.getInstance() : JSON.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("berth: " + method + ": the value of '" + key
                    + "' cannot be recorded as JSON: " + e.getMessage(), e);
        }
        if (node == null) {
            node = NullNode.getInstance();
        }
        if (hasNonFinite(node)) {
            throw new IllegalArgumentException("berth: " + method + ": the value of '" + key
                    + "' holds NaN or infinity, which cannot be recorded");
        }
        ObjectNode event = event("param", key);
        event.set("value", node);
        return checked(method, key, event);
    }

    private static boolean hasNonFinite(JsonNode node) {
        if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
            return !Double.isFinite(node.doubleValue());
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            if (hasNonFinite(it.next())) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode event(String kind, String key) {
        ObjectNode event = NODES.objectNode();
        event.put("kind", kind);
        event.put("key", key);
        return event;
    }

    /**
     * The event as compact JSON without time and newline, checked to fit {@link #MAX_LINE_BYTES} once
     * {@link #append} adds them.
     */
    private static byte[] checked(String method, String key, ObjectNode event) {
        byte[] bytes;
        try {
            bytes = WRITER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            try {
                bytes = ASCII_WRITER.writeValueAsBytes(event);
            } catch (JsonProcessingException again) {
                throw new IllegalArgumentException("berth: " + method + ": the value of '" + key
                        + "' cannot be recorded as JSON: " + again.getOriginalMessage(), again);
            }
        }
        int size = bytes.length + TIME_AND_NEWLINE_BYTES;
        if (size > MAX_LINE_BYTES) {
            throw new IllegalArgumentException("berth: " + method + ": the event for '" + key + "' would be a "
                    + size + "-byte line, over the " + MAX_LINE_BYTES
                    + "-byte limit; record a shorter value (or save it as an artifact)");
        }
        return bytes;
    }

    /**
     * Appends {@code event} (from {@link #checked}) with its time as one line, in one write. Called with the
     * lock held; the time is taken here so that one context's lines are in time order.
     */
    private void append(byte[] event) {
        byte[] time = (",\"time\":\"" + TIME.format(Instant.now()) + "\"}\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer line = ByteBuffer.allocate(event.length - 1 + time.length);
        line.put(event, 0, event.length - 1).put(time).flip();
        try {
            Path parent = eventsFile.toAbsolutePath().getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            try (FileChannel channel = FileChannel.open(eventsFile,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                // one write for a regular file; only a full disk or a signal makes it take less, and
                // then the rest follows rather than leaving half a line behind
                while (line.hasRemaining()) {
                    channel.write(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("berth: cannot write to the events file " + eventsFile + ": "
                    + e.getMessage(), e);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes earlier copies saved under the same key (not other threads' copies in flight). */
    private static void removeOthers(Path keyDir, String keep) throws IOException {
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(keyDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.equals(keep) && !name.startsWith(TEMP_PREFIX)) {
                    others.add(entry);
                }
            }
        }
        for (Path other : others) {
            try {
                deleteRecursively(other);
            } catch (IOException ignored) {
                // best effort: a left-over copy is harmless, the latest event names the current one
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> children;
            try (var stream = Files.list(path)) {
                children = stream.toList();
            }
            for (Path child : children) {
                deleteRecursively(child);
            }
        }
        Files.deleteIfExists(path);
    }

    @Override
    public String toString() {
        return "JobContext[" + (eventsFile == null ? "outside a job" : eventsFile) + "]";
    }
}
