package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.JobView;
import io.berth.wire.WireJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetMetricsCommandTest {

    private static JobView job(String id, Map<String, Object> params, Map<String, Object> metrics) {
        return JobView.builder(id).project("demo").state("completed").params(params).metrics(metrics).build();
    }

    @Test
    void sortsByAMetricThenAParameterWithJobsWithoutTheKeyLast() {
        List<JobView> jobs = new ArrayList<>(List.of(
                job("a", Map.of("lr", 0.1), Map.of("loss", 0.5)),
                job("b", Map.of("lr", 0.3), Map.of()),
                job("c", Map.of("lr", 0.2), Map.of("loss", 0.2))));

        jobs.sort(GetMetricsCommand.byKey("loss", false));
        assertThat(jobs).extracting(JobView::id).containsExactly("c", "a", "b");
        jobs.sort(GetMetricsCommand.byKey("lr", true));
        assertThat(jobs).extracting(JobView::id).containsExactly("b", "c", "a");
    }

    @Test
    void aSortKeyNoJobHasIsSaidNamingTheKeysThereAre() {
        List<JobView> jobs = List.of(job("a", Map.of("lr", 0.1), Map.of("loss", 0.5)));

        assertThat(GetMetricsCommand.missingEverywhere(jobs, "los")).contains(
                "no job listed has a metric or parameter 'los' to sort by (metrics: loss; parameters: lr)");
        assertThat(GetMetricsCommand.missingEverywhere(jobs, "lr")).isEmpty();
        assertThat(GetMetricsCommand.missingEverywhere(List.of(), "anything")).isEmpty();
    }

    @Test
    void aLoggedParamSortsAndIsNamedLikeASubmittedOneAndItsValueWins() {
        List<JobView> jobs = new ArrayList<>(List.of(
                JobView.builder("a").params(Map.of("lr", 0.1)).loggedParams(Map.of("lr", 0.3, "width", 8)).build(),
                JobView.builder("b").params(Map.of("lr", 0.2)).loggedParams(Map.of("width", 4)).build()));

        jobs.sort(GetMetricsCommand.byKey("lr", false));
        assertThat(jobs).extracting(JobView::id).containsExactly("b", "a");
        jobs.sort(GetMetricsCommand.byKey("width", false));
        assertThat(jobs).extracting(JobView::id).containsExactly("b", "a");
        assertThat(GetMetricsCommand.missingEverywhere(jobs, "widht")).contains("no job listed has a metric or"
                + " parameter 'widht' to sort by (metrics: none; parameters: lr, width)");
    }

    @Test
    void listAndGetMetricsShowLoggedParamsBesideSubmittedOnesAndJsonKeepsThemApart(@TempDir Path root)
            throws Exception {
        JobView job = JobView.builder("01m9aaaaaaaaaaaa").project("demo").state("completed")
                .command(List.of("main.py")).params(Map.of("lr", 0.1))
                .loggedParams(Map.of("lr", 0.05)).metrics(Map.of("loss", 0.5)).build();
        JobView other = JobView.builder("01m9bbbbbbbbbbbb").project("demo").state("completed")
                .command(List.of("main.py")).params(Map.of("lr", 0.2)).loggedParams(Map.of("optimizer", "adam")).build();
        try (StubServer server = new StubServer(root).jobs(List.of(job, other))) {
            assertThat(ran("get", "metrics", "--csv", StubServer.ENV).lines()).containsExactly(
                    "ID,STATUS,lr,optimizer,m:loss", "01m9aaaaaaaaaaaa,completed,0.05,,0.5",
                    "01m9bbbbbbbbbbbb,completed,0.2,adam,");
            assertThat(ran("list", "--csv", StubServer.ENV).lines().skip(1))
                    .anySatisfy(row -> assertThat(row).startsWith("01m9aaaaaaaaaaaa,")
                            .contains(",\"{\"\"lr\"\":0.05}\",\"{\"\"loss\"\":0.5}\","))
                    .anySatisfy(row -> assertThat(row).startsWith("01m9bbbbbbbbbbbb,")
                            .contains(",\"{\"\"lr\"\":0.2,\"\"optimizer\"\":\"\"adam\"\"}\",{},"));

            JsonNode row = WireJson.mapper().readTree(ran("get", "metrics", "--json", StubServer.ENV)).get(0);
            assertThat(row.get("params").get("lr").doubleValue()).isEqualTo(0.1);
            assertThat(row.get("loggedParams").get("lr").doubleValue()).isEqualTo(0.05);
            JsonNode listed = WireJson.mapper().readTree(ran("list", "--json", StubServer.ENV)).get(0);
            assertThat(listed.get("params").get("lr").doubleValue()).isEqualTo(0.1);
            assertThat(listed.get("loggedParams").get("lr").doubleValue()).isEqualTo(0.05);
        }
    }

    @Test
    void aNarrowTerminalKeepsTheSortKeyAndTheMetricsBeforeOtherParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("batch", 32);
        params.put("lr", 0.1);
        List<JobView> jobs = List.of(JobView.builder("01m9aaaaaaaaaaaa").state("completed").params(params)
                .loggedParams(Map.of("seed", 7)).metrics(Map.of("loss", 0.7640641001472513)).build());
        StringWriter out = new StringWriter();
        // ID (16), STATUS (9), lr (3) and m:loss (8) with two spaces between each: 42
        List<String> leftOut = GetMetricsCommand.table(jobs, "lr", Cells::value).print(new PrintWriter(out), 42);

        assertThat(out.toString().lines()).containsExactly("ID                STATUS     lr   m:loss", "01m9aaaaaaaaaaaa  completed  0.1  0.764064");
        assertThat(leftOut).containsExactly("batch", "seed");

        StringWriter unsorted = new StringWriter();
        assertThat(GetMetricsCommand.table(jobs, null, Cells::value).print(new PrintWriter(unsorted), 38))
                .as("without --sort the metrics still go before the params").containsExactly("batch", "lr", "seed");
        assertThat(unsorted.toString()).contains("m:loss");
    }

    @Test
    void aNarrowTerminalKeepsTheParamsThatTellTheJobsApartThenMetricsThenTagsThenTheSameParams() {
        List<JobView> jobs = List.of(
                JobView.builder("01m9aaaaaaaaaaaa").state("completed").params(Map.of("batch", 32, "lr", 0.1))
                        .loggedParams(Map.of("seed", 7)).metrics(Map.of("loss", 0.5)).tags(Map.of("stage", "dev"))
                        .build(),
                JobView.builder("01m9bbbbbbbbbbbb").state("completed").params(Map.of("batch", 32, "lr", 0.01))
                        .loggedParams(Map.of("seed", 7)).metrics(Map.of("loss", 0.25)).tags(Map.of("stage", "dev"))
                        .build());

        // ID (16), STATUS (9), lr (4) and m:loss (6) with two spaces between each: 41; seed would need 6 more
        StringWriter out = new StringWriter();
        assertThat(GetMetricsCommand.table(jobs, null, Cells::value).print(new PrintWriter(out), 46))
                .as("the swept lr stays; tags go before metrics, the same params first").containsExactly(
                        "batch", "seed", "t:stage");
        assertThat(out.toString().lines()).containsExactly("ID                STATUS     lr    m:loss",
                "01m9aaaaaaaaaaaa  completed  0.1   0.5", "01m9bbbbbbbbbbbb  completed  0.01  0.25");

        assertThat(GetMetricsCommand.table(jobs, null, Cells::value).print(new PrintWriter(new StringWriter()), 50))
                .as("then the tags").containsExactly("batch", "seed");
        assertThat(GetMetricsCommand.table(jobs, null, Cells::value).print(new PrintWriter(new StringWriter()), 33))
                .as("then the metrics").containsExactly("batch", "seed", "m:loss", "t:stage");
        assertThat(GetMetricsCommand.table(jobs, "seed", Cells::value).print(new PrintWriter(new StringWriter()), 38))
                .as("the sort key before all").containsExactly("batch", "lr", "m:loss", "t:stage");
    }

    @Test
    void tagsHaveColumnsAfterTheMetricsAndInTheJson(@TempDir Path root) throws Exception {
        JobView tagged = JobView.builder("01m9aaaaaaaaaaaa").state("completed").params(Map.of("lr", 0.1))
                .metrics(Map.of("loss", 0.5)).tags(Map.of("stage", "dev", "git", "abc123")).build();
        JobView untagged = JobView.builder("01m9bbbbbbbbbbbb").state("completed").params(Map.of("lr", 0.2)).build();
        try (StubServer server = new StubServer(root).jobs(List.of(tagged, untagged))) {
            assertThat(ran("get", "metrics", "--csv", StubServer.ENV).lines()).containsExactly(
                    "ID,STATUS,lr,m:loss,t:git,t:stage", "01m9aaaaaaaaaaaa,completed,0.1,0.5,abc123,dev",
                    "01m9bbbbbbbbbbbb,completed,0.2,,,");
            assertThat(ran("get", "metrics", StubServer.ENV).lines().findFirst().orElseThrow())
                    .matches("ID +STATUS +lr +m:loss +t:git +t:stage");
            JsonNode row = WireJson.mapper().readTree(ran("get", "metrics", "--json", StubServer.ENV)).get(0);
            assertThat(row.get("tags").get("stage").textValue()).isEqualTo("dev");
        }
    }

    @Test
    void paramAndMetricColumnsAreInNameOrderWithNumbersByValue() {
        Map<String, Object> params = new java.util.HashMap<>();
        Map<String, Object> metrics = new java.util.HashMap<>();
        for (int i = 0; i <= 12; i++) {
            params.put("opt_" + i, i);
            metrics.put("acc_" + i, 0.5);
        }
        List<JobView> jobs = List.of(job("01m9aaaaaaaaaaaa", params, metrics));
        StringWriter out = new StringWriter();
        GetMetricsCommand.table(jobs, null, Cells::value).printCsv(new PrintWriter(out));

        List<String> expected = new ArrayList<>(List.of("ID", "STATUS"));
        for (int i = 0; i <= 12; i++) {
            expected.add("opt_" + i);
        }
        for (int i = 0; i <= 12; i++) {
            expected.add("m:acc_" + i);
        }
        assertThat(out.toString().lines().findFirst().orElseThrow()).isEqualTo(String.join(",", expected));
        assertThat(Cells.pairs(params, Cells::value)).startsWith("opt_0=0 opt_1=1 opt_2=2 ").endsWith(" opt_12=12");
    }

    private static String ran(String... args) {
        CliRun run = CliRun.berth(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.out();
    }

    @Test
    void aSortKeyMayBeWrittenAsTheTablesHeader() {
        assertThat(GetMetricsCommand.sortKey("m:loss")).isEqualTo("loss");
        assertThat(GetMetricsCommand.sortKey("lr")).isEqualTo("lr");
    }
}
