package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.JobDetails;
import io.berth.wire.JobView;
import io.berth.wire.MetricPoint;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command with --csv or --json writes the values jobs reported whole: they read back exactly. */
class ExactValuesTest {
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final double FRACTION = 0.7640641001472513;
    private static final BigInteger HUGE = new BigInteger("123456789012345678901234567890");

    @TempDir
    Path root;
    private StubServer server;
    private JobView job;

    @BeforeEach
    void start() throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", FRACTION);
        params.put("note", "a, \"quoted\" word");
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("score", FRACTION);
        metrics.put("tiny", 1e-300);
        metrics.put("large", 2e23);
        metrics.put("count", HUGE);
        job = JobView.builder("01m9aaaaaaaaaaaa").project("demo").state("completed").command(List.of("main.py"))
                .params(params).metrics(metrics).times(Instant.parse("2026-12-01T20:02:12Z"), null, null).build();
        server = new StubServer(root).jobs(List.of(job))
                .answer("GET", "/jobs/01m9aaaaaaaaaaaa/details", new JobDetails(job, Map.of("seed", 1e-7),
                        Map.of("score", List.of(new MetricPoint(FRACTION, 0, Instant.parse("2026-12-01T20:02:13Z")))),
                        Map.of(), List.of()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getMetricsCsvKeepsEveryDigitAndTheTableShortens() {
        List<String> csv = ran("get", "metrics", "--csv", StubServer.ENV).lines().toList();

        assertThat(csv).containsExactly("ID,STATUS,lr,note,m:count,m:large,m:score,m:tiny",
                "01m9aaaaaaaaaaaa,completed,0.7640641001472513,\"a, \"\"quoted\"\" word\",123456789012345678901234567890,"
                        + "2.0E23,0.7640641001472513,1.0E-300");
        assertThat(berth("get", "metrics", "--csv", StubServer.ENV).csvRows().get(1)).as("read back as CSV")
                .containsExactly("01m9aaaaaaaaaaaa", "completed", "0.7640641001472513", "a, \"quoted\" word",
                        "123456789012345678901234567890", "2.0E23", "0.7640641001472513", "1.0E-300");
        assertThat(ran("get", "metrics", StubServer.ENV)).contains("0.764064 ").doesNotContain("0.7640641");
    }

    @Test
    void listCsvWritesParamsAndMetricsAsJsonObjectsThatReadBackExactly() throws Exception {
        Map<String, Object> oddKeys = new LinkedHashMap<>(job.params());
        oddKeys.put("k=v, x", "a=b c");
        server.jobs(List.of(JobView.builder(job.id()).project("demo").state("completed")
                .command(List.of("main.py")).params(oddKeys).metrics(job.metrics()).build()));
        List<List<String>> csv = berth("list", "--csv", StubServer.ENV).csvRows();
        List<String> headers = csv.get(0);
        JsonNode params = JSON.readTree(csv.get(1).get(headers.indexOf("PARAMS")));
        JsonNode metrics = JSON.readTree(csv.get(1).get(headers.indexOf("METRICS")));

        assertThat(params.get("lr").doubleValue()).isEqualTo(FRACTION);
        assertThat(params.get("note").textValue()).isEqualTo("a, \"quoted\" word");
        assertThat(params.get("k=v, x").textValue()).as("a key and value pairs could not hold").isEqualTo("a=b c");
        assertThat(metrics.get("tiny").doubleValue()).isEqualTo(1e-300);
        assertThat(metrics.get("large").doubleValue()).isEqualTo(2e23);
        assertThat(metrics.get("count").bigIntegerValue()).isEqualTo(HUGE);
        assertThat(csv.get(1).get(headers.indexOf("METRICS")))
                .isEqualTo("{\"count\":123456789012345678901234567890,\"large\":2.0E23,\"score\":0.7640641001472513,"
                        + "\"tiny\":1.0E-300}");
        assertThat(ran("list", StubServer.ENV)).as("the table keeps its pairs").contains("lr=0.764064 ");
    }

    @Test
    void everyJsonOutputReadsBackExactly() throws Exception {
        JsonNode listed = JSON.readTree(ran("list", "--json", StubServer.ENV)).get(0);
        assertThat(listed.get("params").get("lr").doubleValue()).isEqualTo(FRACTION);
        assertThat(listed.get("metrics").get("large").doubleValue()).isEqualTo(2e23);
        assertThat(listed.get("metrics").get("count").bigIntegerValue()).isEqualTo(HUGE);

        JsonNode row = JSON.readTree(ran("get", "metrics", "--json", StubServer.ENV)).get(0);
        assertThat(row.get("metrics").get("score").doubleValue()).isEqualTo(FRACTION);
        assertThat(row.get("metrics").get("tiny").doubleValue()).isEqualTo(1e-300);

        JobDetails details = JSON.readValue(ran("get", "job-details", "--json", StubServer.ENV, "01m9aaaaaaaaaaaa"),
                JobDetails.class);
        assertThat(details.loggedParams()).containsEntry("seed", 1e-7);
        assertThat(details.metrics().get("score").get(0).value()).isEqualTo(FRACTION);
    }

    private static String ran(String... args) {
        CliRun run = berth(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.out();
    }
}
