package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static io.berth.cli.TestServer.ENV;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.JobDetails;
import io.berth.wire.JobView;
import io.berth.wire.MetricPoint;
import io.berth.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Atlas user's project runs unchanged, and everything it reports reaches the CLI and the archive. */
class AtlasProjectIT {
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final String ATLAS_MAIN = """
            import foundations

            params = foundations.load_parameters()
            foundations.log_param("optimizer", "sgd")
            foundations.set_tag("model", "mlp")
            loss = 1.0
            for epoch in range(params["epochs"]):
                loss = loss * (1 - params["learning_rate"])
                foundations.log_metric("loss", loss)
            foundations.log_metric("accuracy", 1 - loss)
            foundations.log_metric("confusion", [[1, 2], [3, 4]][0])
            foundations.log_metric("precise", 0.7640641001472513)
            foundations.log_param("learning_rate", params["learning_rate"] / 2)
            with open("model.txt", "w") as f:
                f.write("weights for lr=%s" % params["learning_rate"])
            foundations.save_artifact("model.txt", key="model")
            print("done", loss)
            """;

    @TempDir
    static Path root;
    private static TestServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(root);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAtlasScriptReportsParamsMetricHistoryTagsAndAnArtifact() throws Exception {
        Path project = TestProject.aProject("atlas").withMain(ATLAS_MAIN)
                .withJobConfig("project_name: atlas\nparams:\n  epochs: 4\n").writeUnder(work);

        CliRun submit = berth("submit", "-p", "learning_rate=0.5", ENV, project.toString(), "main.py");
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        String id = submit.queuedJobId();

        JobDetails details = JSON.readValue(berth("get", "job-details", "--json", ENV, id).out(), JobDetails.class);
        assertThat(details.job().params()).containsEntry("learning_rate", 0.5).containsEntry("epochs", 4);
        assertThat(details.loggedParams()).containsEntry("optimizer", "sgd");
        assertThat(details.tags()).containsEntry("model", "mlp");
        assertThat(details.metrics().get("loss")).extracting(MetricPoint::value)
                .containsExactly(0.5, 0.25, 0.125, 0.0625);
        assertThat(details.metrics().get("loss")).extracting(MetricPoint::step).containsExactly(0L, 1L, 2L, 3L);
        assertThat(details.metrics().get("confusion")).extracting(MetricPoint::value).containsExactly(List.of(1, 2));
        assertThat(details.artifacts()).singleElement().satisfies(a -> assertThat(a.key()).isEqualTo("model"));

        JobView listed = JSON.readValue(berth("list", "--json", "--project", "atlas", ENV).out(), JobView[].class)[0];
        assertThat(listed.metrics()).containsEntry("loss", 0.0625).containsEntry("accuracy", 0.9375)
                .containsEntry("precise", 0.7640641001472513);
        assertThat(listed.params()).containsEntry("learning_rate", 0.5);
        assertThat(listed.loggedParams()).containsEntry("optimizer", "sgd").containsEntry("learning_rate", 0.25);
        assertThat(berth("list", ENV).out()).contains("epochs=4 learning_rate=0.25 optimizer=");

        CliRun table = berth("get", "metrics", "--sort", "accuracy", ENV);
        assertThat(table.out().lines().findFirst().orElseThrow())
                .contains("learning_rate", "epochs", "optimizer", "m:loss", "m:accuracy", "m:precise");
        assertThat(table.out()).contains(id, "0.764064").doesNotContain("0.7640641");

        // the logged learning_rate wins over the submitted one; every digit of the metric survives
        List<List<String>> csv = berth("get", "metrics", "--csv", "--project", "atlas", ENV).csvRows();
        List<String> headers = csv.get(0);
        List<String> row = csv.get(1);
        assertThat(row.get(headers.indexOf("learning_rate"))).isEqualTo("0.25");
        assertThat(row.get(headers.indexOf("optimizer"))).isEqualTo("sgd");
        assertThat(row.get(headers.indexOf("m:precise"))).isEqualTo("0.7640641001472513");
        assertThat(row.get(headers.indexOf("m:confusion"))).isEqualTo("[1,2]");
        assertThat(berth("list", "--csv", "--project", "atlas", ENV).out()).contains("\"\"precise\"\":0.7640641001472513");

        Path saved = work.resolve("saved");
        assertThat(berth("get", "job", "--save-dir", saved.toString(), ENV, id).exitCode()).isZero();
        Path artifact = saved.resolve(id).resolve("job/berth").resolve(details.artifacts().get(0).path());
        assertThat(Files.readString(artifact)).isEqualTo("weights for lr=0.5");
        assertThat(saved.resolve(id).resolve("job/berth/events.jsonl")).exists();
        JobView archived = JSON.readValue(saved.resolve(id).resolve("metadata.json").toFile(), JobView.class);
        assertThat(archived.loggedParams()).containsEntry("optimizer", "sgd");
    }

    @Test
    void atlasSubmitOptionsEntrypointAndStreamJobLogsFalse() throws Exception {
        Path project = TestProject.aProject("entry").withMain("""
                import os, sys
                print("greeting", os.environ.get("GREETING"), sys.argv[1:])
                """).withJobConfig("project_name: entry\n").writeUnder(work);

        CliRun submit = berth("submit", "--stream-job-logs", "False", "--entrypoint", "env 'GREETING=from entrypoint'"
                + " python3", ENV, project.toString(), "main.py", "--epochs", "2");

        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        String id = submit.out().strip();
        assertThat(id).as("the id alone, as --no-follow prints it: " + submit).matches("[0-9a-z]{16}");
        CliRun logs = berth("get", "logs", "--follow", ENV, id);
        assertThat(logs.out()).as(logs.toString()).contains("greeting from entrypoint ['--epochs', '2']");
        JobView job = JSON.readValue(berth("list", "--json", "--project", "entry", ENV).out(), JobView[].class)[0];
        assertThat(job.state()).isEqualTo("completed");
    }

    @Test
    void getMetricsSortsByAMetricAndFiltersByProject() throws Exception {
        Path project = TestProject.aProject("ranked").withMain("""
                import berth
                berth.log_metric("score", berth.load_parameters()["x"] * 2)
                """).withJobConfig("project_name: ranked\n").writeUnder(work);
        for (String x : List.of("3", "1", "2")) {
            assertThat(berth("submit", "-p", "x=" + x, ENV, project.toString(), "main.py").exitCode()).isZero();
        }
        CliRun ranked = berth("get", "metrics", "--project", "ranked", "--sort", "score", "--desc", "--csv", ENV);
        List<String> rows = ranked.out().lines().skip(1).toList();
        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(row -> row.split(",")[3]).containsExactly("6", "4", "2");
    }
}
