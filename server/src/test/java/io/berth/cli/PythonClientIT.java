package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client (python/) as its users run it: scripts of theirs, run by Debian's python3 (which has
 * pandas, as scripts/test.sh makes sure) from the checkout, against a real server and the real Docker engine.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PythonClientIT {
    /** Maven runs tests with the module's directory (cli/) as the working directory. */
    private static final Path CLIENT = Path.of("..", "python").toAbsolutePath().normalize();
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path root;
    private static TestServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws IOException {
        server = new TestServer(root);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A project whose job reports through Atlas's module, and Atlas's own sweep script beside it, unchanged. */
    @Test
    void anUnchangedAtlasSweepScriptRunsItsJobsAndGetsTheirMetricsAsADataFrame() throws Exception {
        Path project = write(work.resolve("atlas-project"), Map.of(
                "job.config.yaml", """
                        project_name: atlas-sweep
                        log_level: INFO
                        num_gpus: 0
                        """,
                "main.py", """
                        import foundations
                        params = foundations.load_parameters()
                        foundations.log_metric("score", 1 - params["lr"])
                        foundations.log_param("optimizer", "sgd")
                        foundations.set_tag("stage", "smoke")
                        print("trained with", params["lr"])
                        """,
                "search.py", """
                        import foundations

                        deployments = []
                        for lr in [0.1, 0.01, 0.001]:
                            deployment = foundations.submit(scheduler_config="scheduler", job_directory=".",
                                                            command=["main.py"], params={"lr": lr})
                            deployments.append(deployment)
                        for deployment in deployments:
                            deployment.wait_for_deployment_to_complete()
                            print(deployment.job_name(), deployment.get_job_status())

                        metrics = foundations.get_metrics_for_all_jobs("atlas-sweep")
                        print(type(metrics).__name__)
                        print(metrics.sort_values("lr").to_csv(index=False))
                        """));

        Run run = python(project, "search.py");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("DataFrame");
        List<String> csv = run.output().lines().dropWhile(line -> !line.contains("lr")).filter(line -> !line.isBlank())
                .toList();
        assertThat(csv).as(run.output()).hasSize(4);
        List<String> header = List.of(csv.get(0).split(","));
        assertThat(header).contains("job_id", "status", "lr", "score", "optimizer", "tag_stage");
        List<Map<String, String>> rows = csv.subList(1, 4).stream().map(line -> {
            String[] cells = line.split(",");
            return java.util.stream.IntStream.range(0, header.size()).boxed()
                    .collect(java.util.stream.Collectors.toMap(header::get, i -> cells[i]));
        }).toList();
        assertThat(rows).extracting(row -> row.get("lr")).containsExactly("0.001", "0.01", "0.1");
        assertThat(rows).extracting(row -> row.get("score")).containsExactly("0.999", "0.99", "0.9");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("completed");
            assertThat(row.get("optimizer")).isEqualTo("sgd");
            assertThat(row.get("tag_stage")).isEqualTo("smoke");
        });
    }

    /** The berth client as its docs show it: a job followed and downloaded, then a sweep collected as it ends. */
    @Test
    void theBerthClientSubmitsFollowsSweepsCollectsAndDownloads() throws Exception {
        Path project = write(work.resolve("client-project"), Map.of(
                "job.config.yaml", """
                        project_name: py-client
                        params: {base: 100}
                        """,
                "main.py", """
                        import berth, sys
                        params = berth.load_parameters()
                        berth.log_metric("score", params["base"] + params.get("x", 0))
                        open("result.txt", "w").write("x=%s\\n" % params.get("x"))
                        print("args", sys.argv[1:])
                        """,
                ".berthignore", "scratch/\n",
                "scratch/big.bin", "left out\n",
                "run.py", """
                        import io, os, berth
                        client = berth.connect("scheduler")
                        job = client.submit(".", ["main.py", "--epochs", "3"], params={"x": 1}, memory="256m")
                        out = io.StringIO()
                        done = job.follow_logs(out)
                        print("followed:", out.getvalue().strip(), "->", done["state"])
                        print("metrics:", job.metrics())
                        job.download("results")
                        print("archived:", open(os.path.join("results", job.id, "job", "job_source", "result.txt")).read().strip(),
                              os.path.exists(os.path.join("results", job.id, "job", "job_source", "scratch")))

                        sweep = client.sweep(".", berth.Sweep.grid({"x": [1, 2, 3, 4]}), command=["main.py"])
                        collected = []
                        while not sweep.all_collected():
                            collected.extend(sweep.collect(2, timeout=120))
                        print("collected:", sorted(j["metrics"]["score"] for j in collected), len(set(j["id"] for j in collected)))
                        frame = client.metrics_frame(sweep=sweep.id)
                        print("best x:", frame.sort_values("score").iloc[-1]["x"])
                        """));

        Run run = python(project, "run.py");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("followed: args ['--epochs', '3'] -> completed")
                .contains("metrics: {'score': 101}")
                .contains("archived: x=1 False")
                .contains("collected: [101, 102, 103, 104] 4")
                .contains("best x: 4");
    }

    private Run python(Path dir, String script) throws IOException, InterruptedException {
        Path output = work.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(PYTHON, "-B", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("BERTH_") || name.startsWith("FOUNDATIONS_"));
        env.put("PYTHONPATH", CLIENT.toString());
        env.put("BERTH_HOME", server.home().toString());
        env.put("HOME", work.resolve("user-home").toString());
        Process process = builder.start();
        boolean finished = process.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        return new Run(finished ? process.exitValue() : -1, Files.readString(output, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {}

    private static Path write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return dir;
    }
}
