package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static io.berth.cli.CliRun.berthIn;
import static io.berth.cli.TestProject.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.config.BerthHome;
import io.berth.config.ServerConfig;
import io.berth.daemon.BerthDaemon;
import io.berth.wire.JobView;
import io.berth.wire.QueueEntryView;
import io.berth.wire.ServerStatus;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code berth} command as a user runs it, against a real server (embedded Redis, the real Docker
 * engine, berth-worker:latest) with 2 slots and a 2 s stop grace period.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CliIT {
    /** Generous: the machine has 2 cores and other work runs on it. */
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final String ENV = "scheduler";
    private static final String SLEEPER = "import time\nprint('sleeping', flush=True)\ntime.sleep(600)\n";

    @TempDir
    static Path root;

    private static BerthDaemon daemon;
    private static String schedulerUrl;
    private static Path home;
    private static TestHomes homes;

    @TempDir
    Path work;

    @BeforeAll
    static void startServerAndWriteSubmissionConfigs() throws IOException {
        home = root.resolve("home");
        homes = TestHomes.under(root);
        Path data = root.resolve("server-data");
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, 0, "everysec", data, 2,
                ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(2), "berth", null);
        daemon = BerthDaemon.start(config, "test");
        schedulerUrl = "http://127.0.0.1:" + daemon.port();
        writeSubmissionConfig(ENV, schedulerUrl);
        writeSubmissionConfig("down", "http://127.0.0.1:" + closedPort());
    }

    @AfterAll
    static void stopServer() {
        if (daemon != null) {
            daemon.close();
        }
        if (homes != null) {
            homes.close();
        }
    }

    /** Each test starts with both slots free. */
    @AfterEach
    void stopWhatIsStillRunning() {
        for (JobView job : jobs()) {
            if (!job.finished()) {
                berth("stop", "--no-wait", ENV, job.id());
            }
        }
        await().atMost(LONG).until(() -> jobs().stream().allMatch(JobView::finished));
    }

    // ---- submit -------------------------------------------------------------------------------------

    @Test
    void submitRunsThePythonJobWithTypedParamsItsArgsAndItsEnvironment() {
        Path project = aProject("params-demo")
                .withJobConfig("""
                        project_name: params-demo
                        worker:
                          environment:
                            GREETING: hello from job.config.yaml
                        """)
                .withMain("""
                        import json, os, sys
                        params = json.load(open("foundations_job_parameters.json"))
                        print("cwd", os.getcwd())
                        for key in ["lr", "name", "layers"]:
                            print("param", key, params[key], type(params[key]).__name__)
                        print("args", sys.argv[1:])
                        for var in ["BERTH_JOB_ID", "BERTH_PROJECT", "BERTH_ATTEMPT", "FOUNDATIONS_JOB_ID", "GREETING"]:
                            print("env", var, os.environ.get(var))
                        """)
                .writeUnder(work);

        CliRun submit = berth("submit", "-p", "lr=0.1", "-p", "name=abc", "-p", "layers=[1,2]",
                ENV, project.toString(), "main.py", "--epochs", "3");

        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        String id = submit.queuedJobId();
        assertThat(submit.out()).as(submit.toString()).contains(
                "cwd /job/job_source",
                "param lr 0.1 float",
                "param name abc str",
                "param layers [1, 2] list",
                "args ['--epochs', '3']",
                "env BERTH_JOB_ID " + id,
                "env BERTH_PROJECT params-demo",
                "env BERTH_ATTEMPT 1",
                "env FOUNDATIONS_JOB_ID " + id,
                "env GREETING hello from job.config.yaml");
        assertThat(submit.err()).contains("job " + id + " completed");
        assertThat(job(id).state()).isEqualTo("completed");
    }

    @Test
    void volumesFromJobConfigAreMountedReadOnlyAndReadWrite() throws IOException {
        Path readOnly = Files.createDirectories(work.resolve("datasets"));
        Files.writeString(readOnly.resolve("input.txt"), "hello volume\n");
        Path readWrite = Files.createDirectories(work.resolve("results"));
        Path project = aProject("volumes-demo")
                .withJobConfig("""
                        project_name: volumes-demo
                        worker:
                          volumes:
                            %s:
                              bind: /data
                              mode: ro
                            %s:
                              bind: /out
                              mode: rw
                        """.formatted(readOnly, readWrite))
                .withMain("""
                        print("read", open("/data/input.txt").read().strip())
                        try:
                            open("/data/new.txt", "w").write("should not be possible")
                            print("ro write succeeded")
                        except OSError as e:
                            print("ro write failed", e.errno)
                        open("/out/result.txt", "w").write("written by the job\\n")
                        """)
                .writeUnder(work);

        CliRun submit = berth("submit", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.out()).contains("read hello volume", "ro write failed 30"); // EROFS
        assertThat(readOnly.resolve("new.txt")).doesNotExist();
        assertThat(readWrite.resolve("result.txt")).hasContent("written by the job");
    }

    @Test
    void withoutACommandTheJobRunsTheOneJobConfigYamlGives() {
        Path project = aProject("configured-command")
                .withJobConfig("""
                        worker:
                          command: main.py --epochs 3
                        """)
                .withMain("import sys\nprint('args', sys.argv[1:])\n")
                .writeUnder(work);

        CliRun submit = berth("submit", ENV, project.toString());

        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.out()).contains("args ['--epochs', '3']");
    }

    @Test
    void aJobExitingNonZeroFailsWithItsExitCode() {
        Path project = aProject("exit-three").withMain("import sys\nprint('giving up')\nsys.exit(3)\n").writeUnder(work);

        CliRun submit = berth("submit", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCodes.JOB_NOT_COMPLETED);
        assertThat(submit.out()).contains("giving up");
        String id = submit.queuedJobId();
        assertThat(submit.err()).contains("job " + id + " failed: exit code 3");
        JobView job = job(id);
        assertThat(job.state()).isEqualTo("failed");
        assertThat(job.exitCode()).isEqualTo(3);
    }

    @Test
    void aJobWhoseImageDoesNotExistFailsSayingSo() {
        Path project = aProject("no-image").writeUnder(work);

        CliRun submit = berth("submit", "--image", "berth-no-such-image:1", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCodes.JOB_NOT_COMPLETED);
        String id = submit.queuedJobId();
        JobView job = job(id);
        assertThat(job.state()).isEqualTo("failed");
        assertThat(job.reason()).contains("image not found").contains("berth-no-such-image:1");
        assertThat(submit.err()).contains("image not found");
        CliRun logs = berth("get", "logs", ENV, prefix(id));
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.out()).contains("image not found: berth-no-such-image:1");
    }

    @Test
    void aLongLogArrivesWholeAndInOrderBothFollowedAndAfterwards() {
        Path project = aProject("long-log")
                .withMain("for i in range(1, 5001):\n    print(f'line {i:05d}')\n")
                .writeUnder(work);
        List<String> expected = IntStream.rangeClosed(1, 5000).mapToObj(i -> String.format("line %05d", i)).toList();

        CliRun submit = berth("submit", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.outLinesStartingWith("line ")).containsExactlyElementsOf(expected);
        CliRun logs = berth("get", "logs", ENV, prefix(submit.queuedJobId()));
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.outLinesStartingWith("line ")).containsExactlyElementsOf(expected);
    }

    @Test
    void submitNoFollowPrintsOnlyTheIdAndGetLogsFollowPrintsTheWholeLog() {
        Path project = aProject("no-follow")
                .withMain("import time\nprint('first', flush=True)\ntime.sleep(3)\nprint('last')\n")
                .writeUnder(work);

        CliRun submit = berth("submit", "--no-follow", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.out()).matches("[0-9a-z]{16}\\R");
        String id = submit.out().strip();
        assertThat(jobs()).extracting(JobView::id).contains(id);

        CliRun follow = berth("get", "logs", ENV, prefix(id), "--follow");

        assertThat(follow.exitCode()).as(follow.toString()).isZero();
        assertThat(follow.out()).contains("first\n", "last\n");
        assertThat(job(id).state()).isEqualTo("completed");
    }

    @Test
    void submittingAnUnchangedProjectAgainUploadsNothing() {
        Path project = aProject("same-bundle")
                .withFile("unique.txt", UUID.randomUUID().toString()) // a bundle no other test has uploaded
                .writeUnder(work);

        CliRun first = berth("submit", ENV, project.toString(), "main.py");
        CliRun second = berth("submit", ENV, project.toString(), "main.py");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).contains("uploaded the bundle").doesNotContain("already has");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).contains("the server already has this bundle").doesNotContain("uploaded the bundle");
    }

    // ---- stop ----------------------------------------------------------------------------------------

    @Test
    void stopEndsARunningJobStoppedWithinTheGracePeriod() {
        String id = submitNoFollow(aProject("sleeper").withMain(SLEEPER).writeUnder(work));
        awaitState(id, "running");

        CliRun stop = berth("stop", ENV, prefix(id), "--timeout", "15"); // grace is 2 s; fails if not ended by then

        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("job " + id + " stopped");
        JobView job = job(id);
        assertThat(job.state()).isEqualTo("stopped");
        assertThat(job.startedAt()).isNotNull();
    }

    @Test
    void stopOfAQueuedJobStopsItAtOnceAndItNeverStarts() {
        List<String> sleepers = fillBothSlots();
        String queued = submitNoFollow(aProject("waiting").writeUnder(work));
        assertThat(job(queued).state()).isEqualTo("queued");

        CliRun stop = berth("stop", ENV, prefix(queued));

        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("job " + queued + " stopped");
        assertThat(job(queued).state()).isEqualTo("stopped");

        // free the slots and let another job run through, so the dispatcher has had every chance to start it
        sleepers.forEach(id -> assertThat(berth("stop", "--no-wait", ENV, id).exitCode()).isZero());
        CliRun after = berth("submit", ENV, aProject("after").writeUnder(work).toString(), "main.py");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        JobView job = job(queued);
        assertThat(job.state()).isEqualTo("stopped");
        assertThat(job.startedAt()).isNull();
        assertThat(berth("get", "logs", ENV, queued).out()).isEmpty();
    }

    // ---- the queue: get queue, queue move, clear-queue -----------------------------------------------

    @Test
    void getQueueListsQueuedJobsInTheOrderTheyWillBeConsideredWithWhyEachWaits() {
        CliRun empty = berth("get", "queue", ENV);
        assertThat(empty.exitCode()).as(empty.toString()).isZero();
        assertThat(empty.out()).isEqualTo("The queue is empty.\n");
        fillBothSlots();
        String first = submitNoFollow(aProject("queue-first").writeUnder(work));
        String second = submitNoFollow(aProject("queue-second").writeUnder(work));
        String urgent = submitNoFollow(aProject("queue-urgent").writeUnder(work),
                "--priority", "5", "--cpus", "0.5", "--memory", "256m");

        CliRun table = berth("get", "queue", ENV);

        assertThat(table.exitCode()).as(table.toString()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines).as(table.toString()).hasSize(4);
        String header = lines.get(0);
        assertThat(header).startsWith("PLACE").containsSubsequence("ID", "PROJECT", "PRIORITY", "NEEDS", "WAITING", "REASON");
        List<String> expectedIds = List.of(urgent, first, second);
        List<String> expectedProjects = List.of("queue-urgent", "queue-first", "queue-second");
        for (int i = 0; i < 3; i++) {
            String row = lines.get(i + 1);
            assertThat(row).as(table.toString()).startsWith((i + 1) + " ");
            assertThat(cellAt(row, header, "ID")).as(row).startsWith(expectedIds.get(i) + " ");
            assertThat(cellAt(row, header, "PROJECT")).as(row).startsWith(expectedProjects.get(i) + " ");
            assertThat(cellAt(row, header, "PRIORITY")).as(row).startsWith(i == 0 ? "5 " : "0 ");
            assertThat(cellAt(row, header, "NEEDS")).as(row).startsWith(i == 0 ? "0.5 CPUs, 256m " : "- ");
            assertThat(cellAt(row, header, "WAITING")).as(row).matches("\\d+[smhd] .*");
            assertThat(cellAt(row, header, "REASON")).as(row).isEqualTo("slots full (2 of 2 in use)");
        }

        assertThat(queue()).extracting(QueueEntryView::place, entry -> entry.job().id())
                .containsExactly(tuple(1, urgent), tuple(2, first), tuple(3, second));
        CliRun next = berth("get", "queue", ENV, "--limit", "2");
        assertThat(idsIn(next.out())).as(next.toString()).containsExactly(urgent, first);
        assertThat(next.err()).as(next.toString())
                .isEqualTo("(the next 2 of 3 queued jobs; --limit <n> shows more, --all every one)\n");
        CliRun every = berth("get", "queue", ENV, "--all", "--json");
        assertThat(parseQueue(every.out())).as(every.toString()).extracting(entry -> entry.job().id())
                .containsExactly(urgent, first, second);
        assertThat(every.err()).isEmpty();
        CliRun ofSecond = berth("get", "queue", ENV, "--project", "queue-second", "--json");
        assertThat(parseQueue(ofSecond.out())).as(ofSecond.toString()).singleElement()
                .satisfies(entry -> assertThat(entry.place()).isEqualTo(3))
                .satisfies(entry -> assertThat(entry.job().id()).isEqualTo(second));
        CliRun ofNone = berth("get", "queue", ENV, "--project", "no-such-project");
        assertThat(ofNone.exitCode()).as(ofNone.toString()).isZero();
        assertThat(ofNone.out()).isEqualTo("No job of project 'no-such-project' is queued.\n");
    }

    @Test
    void queueMoveReordersWithinAPriorityAndRefusesToCrossOne() {
        List<String> running = fillBothSlots();
        String a = submitNoFollow(aProject("move-a").writeUnder(work));
        String b = submitNoFollow(aProject("move-b").writeUnder(work));
        String c = submitNoFollow(aProject("move-c").writeUnder(work));
        String high = submitNoFollow(aProject("move-high").writeUnder(work), "--priority", "5");
        assertThat(queuedIds()).containsExactly(high, a, b, c);

        CliRun before = berth("queue", "move", ENV, prefix(c), "--before", prefix(a));

        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out()).isEqualTo("Moved job " + c + " before job " + a + " (priority 0)\n");
        CliRun table = berth("get", "queue", ENV);
        assertThat(idsIn(table.out())).as(table.toString()).containsExactly(high, c, a, b);

        CliRun front = berth("queue", "move", ENV, prefix(b), "--to-front");

        assertThat(front.exitCode()).as(front.toString()).isZero();
        assertThat(front.out()).isEqualTo("Moved job " + b + " to the front of priority 0's queue\n");
        assertThat(queuedIds()).containsExactly(high, b, c, a);

        CliRun across = berth("queue", "move", ENV, prefix(a), "--before", prefix(high));
        CliRun notQueued = berth("queue", "move", ENV, prefix(running.get(0)), "--to-front");
        CliRun unknown = berth("queue", "move", ENV, "zzzzzzzzzzzzzzzz", "--to-front");

        for (CliRun refused : List.of(across, notQueued, unknown)) {
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
            assertOneLineError(refused);
            assertThat(refused.out()).isEmpty();
        }
        assertThat(across.err()).contains(a, high, "priority 5");
        assertThat(notQueued.err()).contains(running.get(0), "running");
        assertThat(unknown.err()).contains("no job matches 'zzzzzzzzzzzzzzzz'");
        assertThat(queuedIds()).containsExactly(high, b, c, a);
    }

    @Test
    void clearQueueClearsTheCurrentDirectorysProjectAndAllClearsTheRestWhileRunningJobsGoOn() {
        List<String> running = fillBothSlots();
        Path named = aProject("mnist-dir").withJobConfig("project_name: mnist\n").writeUnder(work);
        Path unnamed = aProject("plain-dir").withoutJobConfig().writeUnder(work);
        Path elsewhere = aProject("other").writeUnder(work);
        String mnist1 = submitNoFollow(named);
        String mnist2 = submitNoFollow(named);
        String plain = submitNoFollow(unnamed);
        String other = submitNoFollow(elsewhere);
        assertThat(job(plain).project()).isEqualTo("plain-dir");

        CliRun clearNamed = berthIn(named, "clear-queue", ENV);

        assertThat(clearNamed.exitCode()).as(clearNamed.toString()).isZero();
        assertThat(clearNamed.out()).isEqualTo("Removed 2 queued jobs of project 'mnist'\n");
        assertThat(queuedIds()).containsExactly(plain, other);

        CliRun clearUnnamed = berthIn(unnamed, "clear-queue", ENV);

        assertThat(clearUnnamed.out()).as(clearUnnamed.toString()).isEqualTo("Removed 1 queued job of project 'plain-dir'\n");
        assertThat(queuedIds()).containsExactly(other);

        CliRun clearAll = berthIn(named, "clear-queue", ENV, "--all");

        assertThat(clearAll.exitCode()).as(clearAll.toString()).isZero();
        assertThat(clearAll.out()).isEqualTo("Removed 1 queued job (all projects)\n");
        assertThat(queuedIds()).isEmpty();
        assertThat(List.of(mnist1, mnist2, plain, other)).allSatisfy(id -> {
            JobView job = job(id);
            assertThat(job.state()).isEqualTo("stopped");
            assertThat(job.startedAt()).isNull();
        });
        assertThat(running).allSatisfy(id -> assertThat(job(id).state()).isEqualTo("running"));
        CliRun noArchive = berth("get", "job", ENV, mnist1, "--save-dir", work.resolve("cleared").toString());
        assertThat(noArchive.exitCode()).as(noArchive.toString()).isNotZero();
        assertThat(noArchive.err()).contains("ended stopped before it started and has no archive")
                .doesNotContain("archive_retention");
    }

    @Test
    void serverStatusShowsCapacityAndWhatRunningJobsHold() throws IOException {
        // where `server status` looks, and the data directory that makes the server this home's
        Files.writeString(home.resolve("server.yaml"), "port: " + daemon.port() + "\ndata_dir: "
                + home.resolveSibling("server-data") + "\n");
        String id = submitNoFollow(aProject("status-sleeper").withMain(SLEEPER).writeUnder(work),
                "--cpus", "0.5", "--memory", "256m");
        awaitState(id, "running");

        CliRun json = berth("server", "status", "--json");
        CliRun text = berth("server", "status");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        ServerStatus status = JSON.readValue(json.out(), ServerStatus.class);
        assertThat(status.inUse()).isEqualTo(new ServerStatus.Amounts(1, 0.5, 256L << 20, List.of()));
        assertThat(status.capacity().slots()).isEqualTo(2);
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out().lines()).as(text.toString()).containsSubsequence(
                "  slots:   1 of 2 in use",
                "  cpus:    0.5 of " + Quantities.cpus(status.capacity().cpus()) + " in use",
                "  memory:  256m of " + Quantities.memory(status.capacity().memoryBytes()) + " in use",
                "  gpus:    " + (status.capacity().gpus().isEmpty() ? "none" : "none of "
                        + String.join(",", status.capacity().gpus()) + " in use"),
                "  queued:  0");
    }

    // ---- list ----------------------------------------------------------------------------------------

    @Test
    void listShowsAnAlignedTableAndJson() {
        CliRun ok = berth("submit", "-p", "lr=0.5", ENV, aProject("a-long-project-name").writeUnder(work).toString(),
                "main.py");
        CliRun failed = berth("submit", ENV, aProject("p").withMain("raise SystemExit(7)\n").writeUnder(work).toString(),
                "main.py");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.JOB_NOT_COMPLETED);

        CliRun list = berth("list", ENV);
        CliRun json = berth("list", "--json", ENV);

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(json.exitCode()).as(json.toString()).isZero();
        List<JobView> jobs = parseJobs(json.out());
        assertThat(jobs).extracting(JobView::id).contains(ok.queuedJobId(), failed.queuedJobId());
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(jobs.size() + 1);
        String header = lines.get(0);
        assertThat(header).startsWith("ID").containsSubsequence("STATUS", "PROJECT", "COMMAND", "PARAMS",
                "CREATED", "STARTED", "FINISHED", "EXIT", "REASON");
        for (JobView job : jobs) {
            String row = lines.stream().filter(line -> line.startsWith(job.id() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + job.id() + " in\n" + list.out()));
            assertThat(cellAt(row, header, "STATUS")).as(row).startsWith(job.state() + " ");
            assertThat(cellAt(row, header, "PROJECT")).as(row).startsWith(job.project() + " ");
            assertThat(cellAt(row, header, "COMMAND")).as(row).startsWith(job.command().get(0));
            assertThat(cellAt(row, header, "CREATED")).as(row).containsPattern("^\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ");
            String exitAndReason = cellAt(row, header, "EXIT");
            int reasonAt = header.indexOf("REASON") - header.indexOf("EXIT");
            assertThat(exitAndReason.substring(0, Math.min(reasonAt, exitAndReason.length())).strip()).as(row)
                    .isEqualTo(job.exitCode() == null ? "" : job.exitCode().toString());
            assertThat(cellAt(row, header, "REASON")).as(row).isEqualTo(job.reason() == null ? "" : job.reason());
        }
        JobView failedJob = jobs.stream().filter(j -> j.id().equals(failed.queuedJobId())).findFirst().orElseThrow();
        assertThat(failedJob.state()).isEqualTo("failed");
        assertThat(failedJob.exitCode()).isEqualTo(7);
        JobView okJob = jobs.stream().filter(j -> j.id().equals(ok.queuedJobId())).findFirst().orElseThrow();
        assertThat(okJob.params()).containsEntry("lr", 0.5);
        assertThat(okJob.project()).isEqualTo("a-long-project-name");
    }

    // ---- get job, get logs, delete -------------------------------------------------------------------

    @Test
    void getJobUnpacksTheArchiveWithSourcesOutputsLogsAndMetadata() throws IOException {
        Path project = aProject("archived")
                .withFile("data/input.csv", "a,b\n1,2\n")
                .withMain("""
                        import os
                        os.makedirs("outputs", exist_ok=True)
                        open("outputs/model.txt", "w").write("trained")
                        print("saved the model")
                        """)
                .writeUnder(work);
        CliRun submit = berth("submit", ENV, project.toString(), "main.py");
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        String id = submit.queuedJobId();
        Path saveDir = work.resolve("downloads");

        CliRun get = berth("get", "job", ENV, prefix(id), "--save-dir", saveDir.toString());

        assertThat(get.exitCode()).as(get.toString()).isZero();
        Path saved = saveDir.resolve(id);
        assertThat(saved.resolve("job/job_source/main.py")).hasSameTextualContentAs(project.resolve("main.py"));
        assertThat(saved.resolve("job/job_source/data/input.csv")).hasContent("a,b\n1,2");
        assertThat(saved.resolve("job/job_source/outputs/model.txt")).hasContent("trained");
        assertThat(saved.resolve("logs/attempt-1.log")).content().contains("saved the model");
        JsonNode metadata = JSON.readTree(saved.resolve("metadata.json").toFile());
        assertThat(metadata.path("id").asText()).isEqualTo(id);
        assertThat(metadata.path("state").asText()).isEqualTo("completed");
    }

    @Test
    void getJobOfARunningJobSaysItHasNoArchiveYet() {
        String id = submitNoFollow(aProject("still-running").withMain(SLEEPER).writeUnder(work));
        awaitState(id, "running");
        Path saveDir = work.resolve("downloads");

        CliRun get = berth("get", "job", ENV, prefix(id), "--save-dir", saveDir.toString());

        assertThat(get.exitCode()).as(get.toString()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
        assertOneLineError(get);
        assertThat(get.err()).contains(id, "running", "archive");
        assertThat(saveDir.resolve(id)).doesNotExist();
    }

    @Test
    void berthignoreLeavesListedFilesOutOfTheJob() throws IOException {
        Path project = aProject("ignoring")
                .withFile(".berthignore", "secret.txt\n*.log\n")
                .withFile("secret.txt", "do not upload")
                .withFile("debug.log", "noise")
                .withFile("kept.txt", "upload me")
                .withMain("import os\nprint('files', sorted(os.listdir('.')))\n")
                .writeUnder(work);
        CliRun submit = berth("submit", ENV, project.toString(), "main.py");
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.out()).contains("kept.txt").doesNotContain("secret.txt", "debug.log");
        String id = submit.queuedJobId();

        CliRun get = berth("get", "job", ENV, id, "--save-dir", work.resolve("downloads").toString());

        assertThat(get.exitCode()).as(get.toString()).isZero();
        Path source = work.resolve("downloads").resolve(id).resolve("job/job_source");
        assertThat(source.resolve("kept.txt")).hasContent("upload me");
        assertThat(source.resolve("secret.txt")).doesNotExist();
        assertThat(source.resolve("debug.log")).doesNotExist();
    }

    @Test
    void deleteRefusesARunningJobAndRemovesAFinishedOne() {
        String running = submitNoFollow(aProject("busy").withMain(SLEEPER).writeUnder(work));
        awaitState(running, "running");

        CliRun refused = berth("delete", "job", ENV, prefix(running));

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
        assertOneLineError(refused);
        assertThat(refused.err()).contains(running, "is running");
        assertThat(job(running).state()).isEqualTo("running");

        CliRun done = berth("submit", ENV, aProject("done").writeUnder(work).toString(), "main.py");
        assertThat(done.exitCode()).as(done.toString()).isZero();
        String finished = done.queuedJobId();

        CliRun delete = berth("delete", "job", ENV, prefix(finished));

        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).contains("deleted job " + finished);
        assertThat(jobs()).extracting(JobView::id).doesNotContain(finished);
        CliRun logs = berth("get", "logs", ENV, finished);
        assertThat(logs.exitCode()).as(logs.toString()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
        assertThat(logs.err()).contains("no job matches");
    }

    // ---- job ids -------------------------------------------------------------------------------------

    @Test
    void anAmbiguousPrefixListsTheCandidatesAndAnUnknownIdIsNotFound() {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            CliRun submit = berth("submit", ENV, aProject(name).writeUnder(work).toString(), "main.py");
            assertThat(submit.exitCode()).as(submit.toString()).isZero();
            ids.add(submit.queuedJobId());
        }
        String firstChar = ids.get(0).substring(0, 1);
        assertThat(ids.get(1)).startsWith(firstChar); // ids sort by time: two jobs a second apart share it

        CliRun ambiguous = berth("get", "logs", ENV, firstChar);

        assertThat(ambiguous.exitCode()).as(ambiguous.toString()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
        assertOneLineError(ambiguous);
        assertThat(ambiguous.err()).containsPattern("matches \\d+ jobs: ");
        List<String> candidates = idsIn(ambiguous.err());
        assertThat(candidates).hasSizeGreaterThanOrEqualTo(2);
        assertThat(jobs()).extracting(JobView::id).containsAll(candidates);

        CliRun unknown = berth("get", "logs", ENV, "zzzzzzzzzzzzzzzz");

        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
        assertOneLineError(unknown);
        assertThat(unknown.err()).contains("no job matches 'zzzzzzzzzzzzzzzz'");
        assertThat(berth("stop", ENV, "zzzzzzzzzzzzzzzz").exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
    }

    // ---- bad input -----------------------------------------------------------------------------------

    @Test
    void anUnknownEnvIsNamedAndNothingIsSubmitted() {
        Path project = aProject("bad-env").writeUnder(work);
        int before = jobs().size();

        CliRun submit = berth("submit", "nosuchenv", project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLineError(submit);
        assertThat(submit.err()).contains("'nosuchenv'");
        assertThat(jobs()).hasSize(before);
    }

    @Test
    void aMissingJobDirectoryIsRefused() {
        int before = jobs().size();

        CliRun submit = berth("submit", ENV, work.resolve("not-there").toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLineError(submit);
        assertThat(submit.err()).contains("not-there");
        assertThat(jobs()).hasSize(before);
    }

    @Test
    void aMalformedJobConfigNamesFileLineAndKey() {
        Path project = aProject("malformed")
                .withJobConfig("project_name: malformed\nnum_gpus: lots\n")
                .writeUnder(work);
        int before = jobs().size();

        CliRun submit = berth("submit", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLineError(submit);
        assertThat(submit.err()).contains("job.config.yaml:2", "num_gpus", "lots");
        assertThat(jobs()).hasSize(before);
    }

    @Test
    void aMistypedJobConfigKeyGetsASuggestion() {
        Path project = aProject("mistyped")
                .withJobConfig("project_name: mistyped\nnum_gpu: 1\n")
                .writeUnder(work);
        int before = jobs().size();

        CliRun submit = berth("submit", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLineError(submit);
        assertThat(submit.err()).contains("job.config.yaml:2", "num_gpu", "did you mean num_gpus?");
        assertThat(jobs()).hasSize(before);
    }

    @Test
    void aServerThatIsNotRunningIsReportedWithHowToStartOne() {
        Path project = aProject("nowhere").writeUnder(work);
        int before = jobs().size();

        CliRun submit = berth("submit", "down", project.toString(), "main.py");
        CliRun list = berth("list", "down");

        for (CliRun run : List.of(submit, list)) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.SERVER_UNREACHABLE);
            assertOneLineError(run);
            assertThat(run.err()).contains("berth server start");
        }
        assertThat(submit.err().strip().lines()).as("nothing bundled before the server is known to answer")
                .hasSize(1);
        assertThat(jobs()).hasSize(before);
    }

    // ---- sweep ---------------------------------------------------------------------------------------

    /** Prints its params and fails when x is "fail". */
    private static final String PARAM_PRINTER = """
            import json, sys
            params = json.load(open("foundations_job_parameters.json"))
            print("params", json.dumps(params, sort_keys=True))
            sys.exit(3 if params.get("x") == "fail" else 0)
            """;

    @Test
    void sweepNoFollowPrintsOnlyTheSweepIdAndQueuesEveryCombinationWithTheCommonParams() {
        Path project = aProject("sweep-grid").withMain(PARAM_PRINTER).writeUnder(work);

        CliRun sweep = berth("sweep", "--grid", "x=1,2", "--grid", "opt=adam,sgd", "-p", "base=7", "--no-follow",
                ENV, project.toString(), "main.py", "--verbose");

        assertThat(sweep.exitCode()).as(sweep.toString()).isZero();
        assertThat(sweep.out()).matches("[0-9a-z]{16}\\R");
        String id = sweep.out().strip();
        assertThat(sweep.err()).contains("queued sweep " + id + ": 4 jobs");
        List<JobView> jobs = jobs().stream().filter(job -> id.equals(job.sweepId())).toList();
        assertThat(jobs).extracting(JobView::params).containsExactly(
                Map.of("x", 1, "opt", "adam", "base", 7), Map.of("x", 1, "opt", "sgd", "base", 7),
                Map.of("x", 2, "opt", "adam", "base", 7), Map.of("x", 2, "opt", "sgd", "base", 7));
        assertThat(jobs).allSatisfy(job -> assertThat(job.command()).containsExactly("main.py", "--verbose"));
    }

    @Test
    void sweepFollowsTheProgressToTheEndAndExitsZeroWhenEveryJobCompleted() {
        Path project = aProject("sweep-follow").withMain(PARAM_PRINTER).writeUnder(work);

        CliRun sweep = berth("sweep", "--grid", "x=1,2,3", ENV, project.toString(), "main.py");

        assertThat(sweep.exitCode()).as(sweep.toString()).isZero();
        String id = sweepIdIn(sweep);
        List<String> progress = sweep.err().lines().filter(line -> line.startsWith("sweep " + id + ": ")).toList();
        assertThat(progress).as(sweep.toString()).isNotEmpty()
                .last().isEqualTo("sweep " + id + ": 3 completed, 0 running, 0 queued, 0 failed");
        assertThat(progress).doesNotHaveDuplicates();
        assertThat(sweep.out().lines().toList()).as(sweep.toString()).hasSize(4)
                .first().asString().startsWith("ID").contains("STATUS", "PARAMS", "METRICS");
        assertThat(sweep.out()).contains("x=1", "x=2", "x=3");
        assertThat(jobs().stream().filter(job -> id.equals(job.sweepId())))
                .extracting(JobView::state).containsExactly("completed", "completed", "completed");
    }

    @Test
    void sweepExitsOneWhenAJobFailedAndShowsWhy() {
        Path project = aProject("sweep-fail").withMain(PARAM_PRINTER).writeUnder(work);

        CliRun sweep = berth("sweep", "--grid", "x=ok,fail", ENV, project.toString(), "main.py");

        assertThat(sweep.exitCode()).as(sweep.toString()).isEqualTo(ExitCodes.JOB_NOT_COMPLETED);
        assertThat(sweep.err()).contains("sweep " + sweepIdIn(sweep) + ": 1 completed, 0 running, 0 queued, 1 failed");
        String failedRow = sweep.out().lines().filter(line -> line.contains("x=fail")).findFirst().orElseThrow();
        assertThat(failedRow).contains("failed", "exit code 3");
    }

    @Test
    void aRandomSweepDrawsWhatTheSdkDrawsFromTheSameSeed() {
        Path project = aProject("sweep-random").writeUnder(work);

        CliRun sweep = berth("sweep", "--random", "lr=loguniform(1e-4,1e-1)", "--random", "layers=int(1,4)",
                "-n", "3", "--seed", "11", "--no-follow", ENV, project.toString(), "main.py");

        assertThat(sweep.exitCode()).as(sweep.toString()).isZero();
        String id = sweep.out().strip();
        Map<String, io.berth.sdk.Distribution> space = new java.util.LinkedHashMap<>();
        space.put("lr", io.berth.sdk.Distribution.logUniform(1e-4, 1e-1));
        space.put("layers", io.berth.sdk.Distribution.integer(1, 4));
        assertThat(jobs().stream().filter(job -> id.equals(job.sweepId())).map(JobView::params))
                .containsExactlyElementsOf(io.berth.sdk.Sweep.random(3, 11, space).paramSets());
    }

    private static String sweepIdIn(CliRun run) {
        Matcher m = Pattern.compile("queued sweep ([0-9a-z]{16})").matcher(run.err());
        assertThat(m.find()).as(run.toString()).isTrue();
        return m.group(1);
    }

    // ---- init and info -------------------------------------------------------------------------------

    @Test
    void initWritesAProjectThatRunsAsIs() {
        Path project = work.resolve("fresh-project");

        CliRun init = berth("init", project.toString());

        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(project.resolve("main.py")).isRegularFile();
        assertThat(project.resolve("job.config.yaml")).content().contains("project_name: fresh-project");
        assertThat(project.resolve("README.txt")).isRegularFile();
        assertThat(project.resolve("data")).isDirectory();

        CliRun submit = berth("submit", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.out()).contains("result:");
        assertThat(job(submit.queuedJobId()).project()).isEqualTo("fresh-project");
    }

    @Test
    void infoListsTheSubmissionConfigsWithUrlAndFile() {
        CliRun info = berth("info", "--env");

        assertThat(info.exitCode()).as(info.toString()).isZero();
        String scheduler = info.out().lines().filter(line -> line.startsWith("scheduler ")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'scheduler' row: " + info));
        assertThat(scheduler).contains(schedulerUrl,
                BerthHome.submissionDir(home).resolve("scheduler.config.yaml").toString());
        assertThat(info.out()).contains("down ");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** Queues the project's main.py with these options of submit; returns the job's id. */
    private static String submitNoFollow(Path project, String... options) {
        List<String> args = new ArrayList<>(List.of("submit", "--no-follow"));
        args.addAll(List.of(options));
        args.addAll(List.of(ENV, project.toString(), "main.py"));
        CliRun submit = berth(args.toArray(String[]::new));
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        return submit.out().strip();
    }

    /** Two sleepers, running; returns their ids. */
    private List<String> fillBothSlots() {
        List<String> ids = List.of(
                submitNoFollow(aProject("sleeper-1").withMain(SLEEPER).writeUnder(work)),
                submitNoFollow(aProject("sleeper-2").withMain(SLEEPER).writeUnder(work)));
        ids.forEach(id -> awaitState(id, "running"));
        return ids;
    }

    private static void awaitState(String id, String state) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(job(id).state()).isEqualTo(state));
    }

    /** The jobs as {@code berth list --json} shows them. */
    private static List<JobView> jobs() {
        CliRun list = berth("list", "--all", "--json", ENV);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        return parseJobs(list.out());
    }

    private static JobView job(String id) {
        return jobs().stream().filter(job -> job.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("berth list shows no job " + id));
    }

    /** The queue as {@code berth get queue --json} shows it. */
    private static List<QueueEntryView> queue() {
        CliRun queue = berth("get", "queue", "--json", ENV);
        assertThat(queue.exitCode()).as(queue.toString()).isZero();
        return parseQueue(queue.out());
    }

    private static List<String> queuedIds() {
        return queue().stream().map(entry -> entry.job().id()).toList();
    }

    private static List<QueueEntryView> parseQueue(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<QueueEntryView>>() { });
        } catch (IOException e) {
            throw new AssertionError("berth get queue --json printed something that is not a queue: " + json, e);
        }
    }

    private static List<JobView> parseJobs(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<JobView>>() { });
        } catch (IOException e) {
            throw new AssertionError("berth list --json printed something that is not a job list: " + json, e);
        }
    }

    /** A unique start of the id, as users type it. */
    private static String prefix(String id) {
        return id.substring(0, 12);
    }

    /** What the row holds from where the header's column starts, up to the end of the row. */
    private static String cellAt(String row, String header, String column) {
        Matcher m = Pattern.compile("(?<=^|\\s)" + column + "(?=\\s|$)").matcher(header);
        assertThat(m.find()).as("column " + column + " in " + header).isTrue();
        int start = m.start();
        assertThat(start == 0 || row.length() <= start || row.charAt(start - 1) == ' ')
                .as("the cell under " + column + " starts where the header does in\n" + header + "\n" + row).isTrue();
        return row.length() <= start ? "" : row.substring(start);
    }

    private static List<String> idsIn(String text) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\\b[0-9a-z]{16}\\b").matcher(text);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    /** The error is the one "berth: ..." line, last on stderr (after any progress notes), without a stack trace. */
    private static void assertOneLineError(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        List<String> lines = run.err().strip().lines().toList();
        assertThat(lines).as(run.toString()).filteredOn(line -> line.startsWith("berth: ")).hasSize(1);
        assertThat(lines.get(lines.size() - 1)).as(run.toString()).startsWith("berth: ");
        assertThat(run.err()).as(run.toString()).doesNotContain("\tat ", "Exception");
    }

    private static void writeSubmissionConfig(String env, String url) throws IOException {
        Path file = BerthHome.submissionDir(home).resolve(env + ".config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "scheduler_url: " + url + "\n");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
