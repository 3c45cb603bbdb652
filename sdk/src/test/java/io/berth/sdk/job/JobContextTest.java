package io.berth.sdk.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobContextTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    @TempDir
    Path tmp;
    Path events;
    Path params;
    JobContext job;

    private PrintStream savedErr;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        events = tmp.resolve("berth").resolve("events.jsonl");
        params = tmp.resolve("params.json");
        job = JobContext.at(events, params);
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(savedErr);
    }

    private String raw() throws IOException {
        return Files.exists(events) ? Files.readString(events) : "";
    }

    /** Every line parsed; fails unless each is a whole JSON object line with a valid time. */
    private List<ObjectNode> lines() throws IOException {
        String data = raw();
        if (data.isEmpty()) {
            return List.of();
        }
        assertThat(data).endsWith("\n");
        List<ObjectNode> result = new ArrayList<>();
        for (String line : data.substring(0, data.length() - 1).split("\n", -1)) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length + 1).isLessThanOrEqualTo(65535);
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.get("time").asText()).matches(TIME);
            result.add((ObjectNode) node);
        }
        return result;
    }

    private List<String> withoutTime() throws IOException {
        return lines().stream().map(node -> {
            node.remove("time");
            return node.toString();
        }).toList();
    }

    // ---- format ----

    @Test
    void eachEventIsOneCompactLineWithFieldsInOrder() throws IOException {
        job.logMetric("loss", 0.25, 3);
        job.logParam("lr", 0.1);
        job.setTag("model", "resnet");
        String[] lines = raw().split("\n", -1);
        assertThat(lines).hasSize(4);
        assertThat(lines[3]).isEmpty();
        assertThat(lines[0]).matches(
                "\\{\"kind\":\"metric\",\"key\":\"loss\",\"value\":0\\.25,\"step\":3,\"time\":\"" + TIME + "\"}");
        assertThat(lines[1]).startsWith("{\"kind\":\"param\",\"key\":\"lr\",\"value\":0.1,\"time\":\"");
        assertThat(lines[2]).startsWith("{\"kind\":\"tag\",\"key\":\"model\",\"value\":\"resnet\",\"time\":\"");
    }

    @Test
    void timeIsUtcNowWithMilliseconds() throws IOException {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        job.logMetric("loss", 1);
        Instant after = Instant.now();
        Instant time = Instant.parse(lines().get(0).get("time").asText());
        assertThat(time).isBetween(before, after);
    }

    @Test
    void newlinesAndUnicodeStayInsideTheLine() throws IOException {
        job.logParam("text", "a\nb\r\nc\u2028d é 日本");
        job.setTag("note", "x\ny");
        List<ObjectNode> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("value").asText()).isEqualTo("a\nb\r\nc\u2028d é 日本");
        assertThat(raw().chars().filter(c -> c == '\n').count()).isEqualTo(2);
    }

    @Test
    void loneSurrogatesAreEscapedNotLost() throws IOException {
        job.setTag("odd", "a\uD800b");
        assertThat(lines().get(0).get("value").asText()).isEqualTo("a\uD800b");
    }

    @Test
    void appendsToAnExistingFileAndCreatesItsDirectory() throws IOException {
        assertThat(events.getParent()).doesNotExist();
        job.logMetric("a", 1);
        JobContext.at(events, null).logMetric("b", 2);
        assertThat(lines()).extracting(n -> n.get("key").asText()).containsExactly("a", "b");
    }

    // ---- metrics ----

    @Test
    void stepsCountPerKeyFromZero() throws IOException {
        job.logMetric("loss", 1.0);
        job.logMetric("loss", 0.5);
        job.logMetric("acc", 0.9);
        job.logMetric("loss", 0.25);
        assertThat(withoutTime()).containsExactly(
                "{\"kind\":\"metric\",\"key\":\"loss\",\"value\":1.0,\"step\":0}",
                "{\"kind\":\"metric\",\"key\":\"loss\",\"value\":0.5,\"step\":1}",
                "{\"kind\":\"metric\",\"key\":\"acc\",\"value\":0.9,\"step\":0}",
                "{\"kind\":\"metric\",\"key\":\"loss\",\"value\":0.25,\"step\":2}");
    }

    @Test
    void explicitStepIsUsedAndDoesNotAdvanceTheCount() throws IOException {
        job.logMetric("loss", 1, 10);
        job.logMetric("loss", 2);
        job.logMetric("loss", 3, Long.MIN_VALUE);
        job.logMetric("loss", 4);
        assertThat(lines()).extracting(n -> n.get("step").asLong()).containsExactly(10L, 0L, Long.MIN_VALUE, 1L);
    }

    @Test
    void metricValueKinds() throws IOException {
        job.logMetric("int", 3);
        job.logMetric("long", 1L << 40);
        job.logMetric("float", 0.5f);
        job.logMetric("double", -2.5);
        job.logMetric("big", BigInteger.TWO.pow(70));
        job.logMetric("decimal", new BigDecimal("1.25"));
        job.logMetric("string", "done");
        job.logMetric("builder", new StringBuilder("sb"));
        job.logMetric("list", List.of(1, 2.5, "x"));
        job.logMetric("doubles", new double[] {0.1, 0.2});
        job.logMetric("ints", new int[] {1, 2});
        job.logMetric("strings", new String[] {"a", "b"});
        job.logMetric("empty", List.of());
        Map<String, String> values = new LinkedHashMap<>();
        lines().forEach(n -> values.put(n.get("key").asText(), n.get("value").toString()));
        assertThat(values).containsExactly(
                Map.entry("int", "3"),
                Map.entry("long", "1099511627776"),
                Map.entry("float", "0.5"),
                Map.entry("double", "-2.5"),
                Map.entry("big", "1180591620717411303424"),
                Map.entry("decimal", "1.25"),
                Map.entry("string", "\"done\""),
                Map.entry("builder", "\"sb\""),
                Map.entry("list", "[1,2.5,\"x\"]"),
                Map.entry("doubles", "[0.1,0.2]"),
                Map.entry("ints", "[1,2]"),
                Map.entry("strings", "[\"a\",\"b\"]"),
                Map.entry("empty", "[]"));
    }

    @Test
    void invalidMetricValuesThrowNamingTheKey() throws IOException {
        List<Object> bad = Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, true,
                null, Map.of("a", 1), List.of(List.of(1)), Arrays.asList(1, Double.NaN), new boolean[] {true},
                new Object(), new double[][] {{1}});
        for (Object value : bad) {
            assertThatThrownBy(() -> job.logMetric("my_metric", value))
                    .as(String.valueOf(value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'my_metric'");
        }
        assertThat(raw()).isEmpty();
    }

    @Test
    void aFailedCallDoesNotAdvanceTheStep() throws IOException {
        job.logMetric("loss", 1);
        assertThatThrownBy(() -> job.logMetric("loss", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        job.logMetric("loss", 2);
        assertThat(lines()).extracting(n -> n.get("step").asInt()).containsExactly(0, 1);
    }

    // ---- keys and sizes ----

    @Test
    void invalidKeysThrow() throws IOException {
        for (String key : Arrays.asList(null, "", "k".repeat(257), "a\nb", "a\rb")) {
            assertThatThrownBy(() -> job.logMetric(key, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> job.logParam(key, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> job.setTag(key, "v")).isInstanceOf(IllegalArgumentException.class);
            if (key != null) {
                assertThatThrownBy(() -> job.logParams(Map.of(key, 1))).isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThatThrownBy(() -> job.logMetric("a\nb", 1)).hasMessageContaining("a\\nb");
        job.logMetric("k".repeat(256), 1);
        job.logMetric("verlust/é", 1);
        assertThat(lines()).extracting(n -> n.get("key").asText()).containsExactly("k".repeat(256), "verlust/é");
    }

    @Test
    void aValueThatWouldMakeTheLine64KiBOrMoreThrowsNamingTheKey() throws IOException {
        assertThatThrownBy(() -> job.logMetric("huge", "x".repeat(65536)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'huge'").hasMessageContaining("65535");
        assertThatThrownBy(() -> job.logParam("huge_param", List.of("y".repeat(70000))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'huge_param'");
        assertThatThrownBy(() -> job.setTag("huge_tag", "é".repeat(33000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'huge_tag'");
        assertThat(raw()).isEmpty();
    }

    @Test
    void theLongestAllowedLineIs65535BytesWithItsNewline() throws IOException {
        job.logMetric("probe", "");
        int empty = raw().length();
        Files.delete(events);
        int room = 65535 - empty;
        job.logMetric("probe", "x".repeat(room));
        assertThat(Files.size(events)).isEqualTo(65535);
        assertThatThrownBy(() -> job.logMetric("probe", "x".repeat(room + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lines()).hasSize(1);
    }

    // ---- params and tags ----

    record Optimizer(String name, double lr) {}

    @Test
    void logParamAcceptsAnyJsonValue() throws IOException {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("depth", 3);
        nested.put("layers", List.of(64, 32));
        nested.put("none", null);
        job.logParam("float", 0.1);
        job.logParam("string", "adam");
        job.logParam("null", null);
        job.logParam("bool", true);
        job.logParam("map", nested);
        job.logParam("record", new Optimizer("sgd", 0.01));
        assertThat(lines()).extracting(n -> n.get("value").toString()).containsExactly(
                "0.1", "\"adam\"", "null", "true", "{\"depth\":3,\"layers\":[64,32],\"none\":null}",
                "{\"name\":\"sgd\",\"lr\":0.01}");
        assertThat(lines()).allSatisfy(n -> assertThat(n.get("kind").asText()).isEqualTo("param"));
    }

    @Test
    void logParamRejectsNonFiniteNumbersAndUnwritableObjects() throws IOException {
        for (Object value : List.of(Double.NaN, Map.of("a", Double.POSITIVE_INFINITY), List.of(Float.NaN),
                new Object())) {
            assertThatThrownBy(() -> job.logParam("bad", value))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad'");
        }
        assertThat(raw()).isEmpty();
    }

    @Test
    void logParamsWritesOneEventPerEntryAfterCheckingThemAll() throws IOException {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("good", 1);
        bad.put("bad", Double.NaN);
        assertThatThrownBy(() -> job.logParams(bad)).hasMessageContaining("'bad'");
        assertThatThrownBy(() -> job.logParams(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(raw()).isEmpty();

        Map<String, Object> good = new LinkedHashMap<>();
        good.put("lr", 0.1);
        good.put("epochs", 3);
        good.put("opt", "sgd");
        job.logParams(good);
        assertThat(withoutTime()).containsExactly(
                "{\"kind\":\"param\",\"key\":\"lr\",\"value\":0.1}",
                "{\"kind\":\"param\",\"key\":\"epochs\",\"value\":3}",
                "{\"kind\":\"param\",\"key\":\"opt\",\"value\":\"sgd\"}");
    }

    @Test
    void setTag() throws IOException {
        job.setTag("model", "resnet");
        job.setTag("flag");
        assertThatThrownBy(() -> job.setTag("model", null)).hasMessageContaining("'model'");
        assertThat(withoutTime()).containsExactly(
                "{\"kind\":\"tag\",\"key\":\"model\",\"value\":\"resnet\"}",
                "{\"kind\":\"tag\",\"key\":\"flag\",\"value\":\"\"}");
    }

    // ---- artifacts ----

    private Path file(String name, String content) throws IOException {
        Path path = tmp.resolve("work").resolve(name);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    @Test
    void saveArtifactCopiesTheFileThenWritesTheEvent() throws IOException {
        Path plot = file("plot.png", "PNG 1234");
        job.saveArtifact(plot, "plot");
        assertThat(withoutTime()).containsExactly(
                "{\"kind\":\"artifact\",\"key\":\"plot\",\"path\":\"artifacts/plot/plot.png\",\"bytes\":8}");
        assertThat(events.getParent().resolve("artifacts/plot/plot.png")).hasContent("PNG 1234");
    }

    @Test
    void saveArtifactKeyDefaultsToTheFileName() throws IOException {
        job.saveArtifact(file("out/result.json", "{}"));
        ObjectNode event = lines().get(0);
        assertThat(event.get("key").asText()).isEqualTo("result.json");
        assertThat(event.get("path").asText()).isEqualTo("artifacts/result.json/result.json");
        assertThat(event.get("bytes").asLong()).isEqualTo(2);
    }

    @Test
    void savingAKeyAgainReplacesTheCopy() throws IOException {
        job.saveArtifact(file("v1.txt", "first"), "model");
        job.saveArtifact(file("v2.txt", "second!"), "model");
        Path keyDir = events.getParent().resolve("artifacts/model");
        try (var list = Files.list(keyDir)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).containsExactly("v2.txt");
        }
        assertThat(lines()).extracting(n -> n.get("path").asText() + " " + n.get("bytes").asLong())
                .containsExactly("artifacts/model/v1.txt 5", "artifacts/model/v2.txt 7");
        job.saveArtifact(file("v2.txt", "third"), "model");
        assertThat(keyDir.resolve("v2.txt")).hasContent("third");
        try (var list = Files.list(keyDir)) {
            assertThat(list.count()).isEqualTo(1);
        }
    }

    @Test
    void saveArtifactErrors() throws IOException {
        Path missing = tmp.resolve("missing.csv");
        assertThatThrownBy(() -> job.saveArtifact(missing))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.csv");
        assertThatThrownBy(() -> job.saveArtifact(tmp))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("directory");
        Path f = file("f.txt", "x");
        for (String key : List.of("../escape", "a/b", ".", "..", "x\0y", "é".repeat(128), "")) {
            assertThatThrownBy(() -> job.saveArtifact(f, key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(raw()).isEmpty();
        assertThat(tmp.resolve("escape")).doesNotExist();
    }

    // ---- concurrency ----

    @Test
    void eightThreadsTimesAThousandMetricsGiveWholeLinesAndUniqueSteps() throws Exception {
        int threads = 8;
        int perThread = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int number = t;
                // half the threads share a key, half use their own; some lines are long
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String key = number % 2 == 0 ? "shared" : "thread" + number;
                        Object value = i % 100 == 0 ? "z".repeat(20000) : (Object) (i * 0.5);
                        job.logMetric(key, value);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<ObjectNode> lines = lines();
        assertThat(lines).hasSize(threads * perThread);
        Map<String, List<Long>> steps = new TreeMap<>();
        lines.forEach(n -> steps.computeIfAbsent(n.get("key").asText(), k -> new ArrayList<>())
                .add(n.get("step").asLong()));
        assertThat(steps.keySet()).containsExactly("shared", "thread1", "thread3", "thread5", "thread7");
        // the lock covers counter and write, so each key's steps appear in order, without gaps or repeats
        assertThat(steps.get("shared")).isEqualTo(LongStream.range(0, 4 * perThread).boxed().toList());
        for (String key : List.of("thread1", "thread3", "thread5", "thread7")) {
            assertThat(steps.get(key)).isEqualTo(LongStream.range(0, perThread).boxed().toList());
        }
    }

    @Test
    void separateContextsOnOneFileStillWriteWholeLines() throws Exception {
        List<Thread> threads = IntStream.range(0, 4).mapToObj(t -> new Thread(() -> {
            JobContext own = JobContext.at(events, null);
            for (int i = 0; i < 500; i++) {
                own.logMetric("ctx" + t, i % 50 == 0 ? "w".repeat(30000) : (Object) i);
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        Map<String, Long> counts = lines().stream()
                .collect(Collectors.groupingBy(n -> n.get("key").asText(), TreeMap::new, Collectors.counting()));
        assertThat(counts).containsExactly(Map.entry("ctx0", 500L), Map.entry("ctx1", 500L),
                Map.entry("ctx2", 500L), Map.entry("ctx3", 500L));
    }

    // ---- outside a job, parameters ----

    @Test
    void outsideAJobEveryReportingCallWarnsOnceAndDoesNothing() throws IOException {
        JobContext outside = JobContext.at(null, null);
        assertThat(outside.isInsideJob()).isFalse();
        assertThat(job.isInsideJob()).isTrue();
        for (int i = 0; i < 3; i++) {
            outside.logMetric("loss", 1);
            outside.logMetric("loss", Double.NaN, 5);
            outside.logParam("lr", 0.1);
            outside.logParams(Map.of("a", 1));
            outside.setTag("t", "v");
            outside.setTag("t");
            outside.saveArtifact(tmp.resolve("no-such-file"));
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "berth: not running in a Berth job; logMetric does nothing",
                "berth: not running in a Berth job; logParam does nothing",
                "berth: not running in a Berth job; logParams does nothing",
                "berth: not running in a Berth job; setTag does nothing",
                "berth: not running in a Berth job; saveArtifact does nothing");
        try (var list = Files.list(tmp)) {
            assertThat(list.toList()).isEmpty();
        }
    }

    @Test
    void parametersOutsideAJobAreEmptyWithOneWarning() {
        JobContext outside = JobContext.at(null, null);
        assertThat(outside.parameters()).isEmpty();
        assertThat(outside.parameters()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly(JobContext.NO_PARAMETERS_WARNING);
    }

    @Test
    void parametersAreReadAndNothingIsLogged() throws IOException {
        Files.writeString(params, "{\"lr\": 0.1, \"epochs\": 3, \"layers\": [64, 32], \"opt\": {\"name\": \"adam\"}}");
        Map<String, Object> read = job.parameters();
        assertThat(read).containsExactly(Map.entry("lr", 0.1), Map.entry("epochs", 3),
                Map.entry("layers", List.of(64, 32)), Map.entry("opt", Map.of("name", "adam")));
        read.put("mine", 1); // a fresh, modifiable map
        assertThat(job.parameters()).doesNotContainKey("mine");
        assertThat(raw()).as("the server records the submitted parameters itself").isEmpty();
    }

    @Test
    void invalidParametersFiles() throws IOException {
        Files.writeString(params, "{not json");
        assertThatThrownBy(() -> job.parameters()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not valid JSON");
        Files.writeString(params, "[1, 2]");
        assertThatThrownBy(() -> job.parameters()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void fromEnvironment() throws IOException {
        Files.writeString(params, "{\"a\": 1}");
        Map<String, String> env = new HashMap<>();
        env.put(JobContext.EVENTS_FILE_ENV, events.toString());
        env.put(JobContext.PARAMETERS_FILE_ENV, params.toString());
        JobContext fromEnv = JobContext.fromEnvironment(env);
        assertThat(fromEnv.isInsideJob()).isTrue();
        assertThat(fromEnv.eventsFile()).isEqualTo(events);
        assertThat(fromEnv.parameters()).containsExactly(Map.entry("a", 1));

        assertThat(JobContext.fromEnvironment(Map.of(JobContext.EVENTS_FILE_ENV, "")).isInsideJob()).isFalse();
        assertThat(JobContext.fromEnvironment(Map.of()).isInsideJob()).isFalse();
        // the build itself runs outside a job (no foundations_job_parameters.json in sdk/)
        assertThat(JobContext.current()).isSameAs(JobContext.current());
    }
}
