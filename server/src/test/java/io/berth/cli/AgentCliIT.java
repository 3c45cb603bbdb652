package io.berth.cli;

import static io.berth.cli.BinBerth.runOn;
import static io.berth.cli.CliRun.berth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.BinBerth.Run;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.config.BerthHome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents joining a head, as an operator sets them up: a head that asks for tokens, and on the "other machine" a
 * Berth home with agent.yaml and the token the head issued, the agent started with bin/berth (its own JVM, from
 * berth-server.jar) as it would be there.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AgentCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    private static CuttableLink otherMachine;
    private static HomeServer head;
    private final List<Path> agentHomes = new ArrayList<>();

    @BeforeAll
    static void startAHeadThatAsksForTokens() throws Exception {
        otherMachine = CuttableLink.create();
        // on every address: agents here reach it on 127.0.0.1, the one on the other machine over the link.
        // The lease is long enough for an agent's JVM to restart within it, short enough for a lost agent to be
        // found quickly
        head = new HomeServer(root.resolve("head"), "bind: 0.0.0.0\nagent_lease: 10s\n", home ->
                assertThat(berth("server", "token", "create", "--name", "a-user").exitCode()).isZero());
    }

    @AfterAll
    static void stopTheHead() {
        if (head != null) {
            head.close();
        }
        if (otherMachine != null) {
            otherMachine.close();
        }
    }

    @AfterEach
    void stopTheAgents() throws Exception {
        for (Path home : agentHomes) {
            run(home, "agent", "stop");
        }
        System.setProperty(BerthHome.PROPERTY, head.home.toString());
    }

    @Test
    void anAgentJoinsWithItsTokenAndTheHeadListsItWithWhatItOffers() throws Exception {
        Path home = agentHome("gpu-box-1", "token_file: token\nslots: 3\ncpus: 1.5\nmemory: 2g\ngpus: none\n"
                + "labels:\n  gpu_model: a100\n  rack: r2\n");

        Run start = run(home, "agent", "start");

        assertThat(start.code()).as(start.output()).isZero();
        assertThat(start.output()).contains("Berth agent gpu-box-1 joined http://127.0.0.1:" + head.port);
        long pid = Long.parseLong(Files.readString(home.resolve("agent.pid")).strip());
        assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(List::of).orElseThrow())
                .as("the agent's JVM: berth-server.jar, with the daemons' JVM options")
                .contains("-XX:TieredStopAtLevel=1", "--foreground")
                .anyMatch(argument -> argument.endsWith("server/target/berth-server.jar"));
        JsonNode agent = headsView("gpu-box-1").orElseThrow();
        assertThat(agent.get("state").asText()).isEqualTo("ready");
        assertThat(agent.at("/capacity/slots").asInt()).isEqualTo(3);
        assertThat(agent.at("/capacity/cpus").asDouble()).isEqualTo(1.5);
        assertThat(agent.at("/capacity/memoryBytes").asLong()).isEqualTo(2L << 30);
        assertThat(agent.at("/labels/gpu_model").asText()).isEqualTo("a100");
        System.setProperty(BerthHome.PROPERTY, head.home.toString());
        assertThat(berth("server", "status").out()).containsPattern(
                "gpu-box-1 +ready +\\d+s ago +0/3 +1\\.5 +2g +none +gpu_model=a100,rack=r2");

        Run status = run(home, "agent", "status");
        assertThat(status.code()).as(status.output()).isZero();
        assertThat(status.output()).contains("Berth agent gpu-box-1 (pid " + pid + ")").contains("state:   ready");
    }

    @Test
    void aKilledAgentIsLostOnceItsLeaseRunsOutAndReadyAgainWhenItComesBack() throws Exception {
        Path home = agentHome("box-2", "token_file: token\n");
        assertThat(run(home, "agent", "start").code()).isZero();
        String joined = headsView("box-2").orElseThrow().get("joinedAt").asText();

        ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("agent.pid")).strip())).orElseThrow()
                .destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> "lost".equals(state("box-2")));
        Run status = run(home, "agent", "status");
        assertThat(status.code()).as(status.output()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(status.output()).contains("(not running here)").contains("state:   lost");

        assertThat(run(home, "agent", "start").code()).isZero();
        assertThat(state("box-2")).isEqualTo("ready");
        assertThat(headsView("box-2").orElseThrow().get("joinedAt").asText()).as("the same agent, back").isEqualTo(joined);
    }

    @Test
    void anAgentUsesTheTokenBerthLoginSavedForItsHead() throws Exception {
        Path home = agentHome("logged-in", "");
        String token = Files.readString(home.resolve("token")).strip();
        Files.delete(home.resolve("token"));
        Path config = home.resolve("config/submission/head.config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "scheduler_url: http://127.0.0.1:" + head.port + "\n");

        Run login = runWithInput(home, token + "\n", "login", "head", "--token-stdin");
        assertThat(login.code()).as(login.output()).isZero();
        assertThat(login.output()).contains("an agent's token");
        Run start = run(home, "agent", "start");

        assertThat(start.code()).as(start.output()).isZero();
        assertThat(state("logged-in")).isEqualTo("ready");
    }

    @Test
    void anAgentWithoutATokenIsRefusedAndTheHeadRecordsNothing() throws Exception {
        Path home = agentHome("no-token", "");

        Run start = run(home, "agent", "start");

        assertThat(start.code()).as(start.output()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(start.output()).contains("the agent could not start").contains("http://127.0.0.1:" + head.port)
                .contains("agent.log");
        assertThat(headsView("no-token")).isEmpty();
        assertThat(home.resolve("agent.pid")).doesNotExist();
    }

    @Test
    void onlyAnAgentsOwnTokenLetsItJoinAndThatTokenIsGoodForNothingElse() throws Exception {
        Path withUsersToken = agentHome("usurper", "token_file: token\n", "--name", "someones-laptop");
        Run start = run(withUsersToken, "agent", "start");
        assertThat(start.code()).as(start.output()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(start.output()).contains("only an agent's token may act for agent usurper")
                .contains("berth server token create --agent usurper");

        Path withAnothersToken = agentHome("impostor", "token_file: token\n", "--agent", "gpu-box-9");
        start = run(withAnothersToken, "agent", "start");
        assertThat(start.code()).as(start.output()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(start.output()).contains("the token of agent gpu-box-9");
        assertThat(headsView("usurper")).isEmpty();
        assertThat(headsView("impostor")).isEmpty();

        String agentsToken = Files.readString(withAnothersToken.resolve("token")).strip();
        HttpResponse<String> jobs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + head.port + "/api/v1/jobs"))
                .header("Authorization", "Bearer " + agentsToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jobs.statusCode()).as("an agent's token reads no jobs").isEqualTo(403);
        assertThat(jobs.body()).contains("agent_token");
        System.setProperty(BerthHome.PROPERTY, head.home.toString());
        assertThat(berth("server", "token", "list").out()).containsPattern("agent-gpu-box-9 +[0-9a-f]{8} +agent gpu-box-9");
    }

    @Test
    void aMistakeInAgentYamlIsNamedAndNothingStarts() throws Exception {
        Path home = agentHome("typo", "token_file: token\nslotz: 2\n");

        Run start = run(home, "agent", "start");

        assertThat(start.code()).as(start.output()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(start.output()).contains(home.resolve("agent.yaml") + ":4").contains("slotz").contains("slots");
        assertThat(home.resolve("agent.log")).as("no agent process was started").doesNotExist();
        assertThat(headsView("typo")).isEmpty();

        Path headless = Files.createDirectories(root.resolve("agent-headless"));
        Run alone = run(headless, "agent", "start");
        assertThat(alone.code()).as(alone.output()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(alone.output()).contains("no head to join").contains("--server")
                .contains(headless.resolve("agent.yaml").toString());
        assertThat(headless.resolve("agent.log")).doesNotExist();
    }

    @Test
    void aJobOnlyAnAgentsLabelsSuitRunsThereWithItsSetUpAndDiskAndTheHeadHasItsLogResultsAndArchive() throws Exception {
        Path home = agentHome("runner-1", "token_file: token\nslots: 2\nlabels:\n  pool: agents\n"
                + "dependency_install_command: echo set up by the agent > /opt/agent-setup.txt\n");
        Run start = run(home, "agent", "start");
        assertThat(start.code()).as(start.output()).isZero();
        String env = aUsersSubmissionConfig("to-agents");
        // a directory of the agent's machine (here the same machine), as a lab's shared disk would be
        Path data = Files.createDirectories(root.resolve("shared-data"));
        Files.writeString(data.resolve("input.txt"), "read from the agent's disk");
        Path project = TestProject.aProject("on-agent").withJobConfig("""
                        project_name: on-agent
                        worker:
                          constraints:
                            pool: agents
                          volumes:
                            %s: {bind: /data, mode: ro}
                        """.formatted(data))
                .withMain("""
                        import berth
                        berth.log_metric("score", 0.75)
                        open("result.txt", "w").write("made on the agent\\n")
                        print("hello from the agent,", open("/data/input.txt").read(), flush=True)
                        print(open("/opt/agent-setup.txt").read(), flush=True)
                        """).writeUnder(root);

        CliRun submit = berth("submit", env, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.out()).contains("hello from the agent, read from the agent's disk")
                .as("its image made by the agent's own dependency_install_command").contains("set up by the agent");
        JsonNode job = jobAsListed(env, submit.queuedJobId());
        assertThat(job.get("state").asText()).isEqualTo("completed");
        assertThat(job.get("node").asText()).as("where it ran").isEqualTo("runner-1");
        assertThat(job.at("/metrics/score").asDouble()).isEqualTo(0.75);
        assertThat(berth("list", env).out()).containsPattern(submit.queuedJobId() + " +completed +runner-1 +on-agent");
        Path saved = Files.createDirectories(root.resolve("saved"));
        CliRun get = berth("get", "job", env, submit.queuedJobId(), "--save-dir", saved.toString());
        assertThat(get.exitCode()).as(get.toString()).isZero();
        try (var files = Files.walk(saved.resolve(submit.queuedJobId()))) {
            Path result = files.filter(file -> file.getFileName().toString().equals("result.txt")).findFirst()
                    .orElseThrow(() -> new AssertionError("no result.txt in the archive the agent sent"));
            assertThat(Files.readString(result)).isEqualTo("made on the agent\n");
        }
    }

    @Test
    void aKilledAgentsContainerStopsBeforeItsJobGoesBackToTheQueueAndTheJobRunsOnceItIsBack() throws Exception {
        Path home = agentHome("runner-2", "token_file: token\nlabels:\n  pool: fragile\n");
        assertThat(run(home, "agent", "start").code()).isZero();
        String env = aUsersSubmissionConfig("to-fragile");
        Path project = TestProject.aProject("survives").withJobConfig("""
                        project_name: survives
                        max_attempts: 1
                        worker:
                          constraints:
                            pool: fragile
                        """)
                .withMain("""
                        import os, time
                        attempt = os.environ["BERTH_ATTEMPT"]
                        print("attempt", attempt, "started", flush=True)
                        if attempt == "1":
                            time.sleep(600)
                        print("attempt", attempt, "finished", flush=True)
                        """).writeUnder(root);
        CliRun submit = berth("submit", "--no-follow", env, project.toString(), "main.py");
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        String id = submit.queuedJobId();
        awaitState(env, id, "running", 60);
        assertThat(runningContainersOf(id)).hasSize(1);
        assertThat(leaseWatchesOf(home)).as("the agent keeps a lease watch beside it").hasSize(1);

        ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("agent.pid")).strip())).orElseThrow()
                .destroyForcibly();

        // the engine runs on without its agent: the agent's lease watch stops the container before the head can
        // give the job to another agent, so it never runs in two places
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> runningContainersOf(id).isEmpty());
        assertThat(jobAsListed(env, id).get("state").asText()).as("stopped before the head gave the job back")
                .isEqualTo("running");
        awaitState(env, id, "queued", 40);
        JsonNode requeued = jobAsListed(env, id);
        assertThat(requeued.get("reason").asText()).contains("agent runner-2 was lost");
        assertThat(requeued.get("attemptsLostToEngine").asInt()).as("the attempt does not count").isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(leaseWatchesOf(home))
                .as("the watch ends once nothing of its agent runs").isEmpty());

        assertThat(run(home, "agent", "start").code()).isZero();
        awaitState(env, id, "completed", 60);
        assertThat(jobAsListed(env, id).get("attempt").asInt()).isEqualTo(2);
        assertThat(berth("get", "logs", env, id).out()).contains("attempt 2 finished")
                .doesNotContain("attempt 1 finished");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(containersOf(id))
                .as("the first attempt's container went when the agent came back, the second's when it ended").isEmpty());
    }

    @Test
    void anAgentRestartedWhileItsJobRunsTakesItUpAgainAndAHeadRestartLeavesItRunning() throws Exception {
        Path home = agentHome("runner-3", "token_file: token\nlabels:\n  pool: steady\n");
        assertThat(run(home, "agent", "start").code()).isZero();
        String env = aUsersSubmissionConfig("to-steady");
        Path project = TestProject.aProject("steady").withJobConfig("""
                        project_name: steady
                        worker:
                          constraints:
                            pool: steady
                        """)
                .withMain("""
                        import time
                        print("started", flush=True)
                        time.sleep(15)
                        print("finished", flush=True)
                        """).writeUnder(root);
        CliRun submit = berth("submit", "--no-follow", env, project.toString(), "main.py");
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        String id = submit.queuedJobId();
        awaitState(env, id, "running", 60);

        assertThat(run(home, "agent", "stop").code()).isZero();
        assertThat(run(home, "agent", "start").code()).isZero();
        head.restart();

        awaitState(env, id, "completed", 60);
        JsonNode job = jobAsListed(env, id);
        assertThat(job.get("attempt").asInt()).as("the same attempt, taken up").isEqualTo(1);
        assertThat(job.get("attemptsLostToEngine").asInt()).isZero();
        CliRun logs = berth("get", "logs", env, id);
        assertThat(logs.out()).as("its whole log reached the head").contains("started\n").contains("finished\n");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anAgentCutOffWhileItsJobsRunHasThemTakenBackAndRunsThemAgainOnceItIsBack() throws Exception {
        Path home = agentHome("behind-link", "token_file: token\nlabels:\n  pool: remote\n");
        Files.writeString(home.resolve("agent.yaml"), Files.readString(home.resolve("agent.yaml"))
                .replace("127.0.0.1", otherMachine.hostAddress()));
        Run start = runOn(otherMachine, home, "", "agent", "start");
        assertThat(start.code()).as(start.output()).isZero();
        String env = aUsersSubmissionConfig("to-remote");
        // silent: nothing it reports tells the agent that the head took it back, and it still runs when the link is back
        String stillRunning = submitCutOff(env, "still-running", 600);
        // ends while the link is cut: the agent cannot record its end, which the head refuses once it can
        String endedMeanwhile = submitCutOff(env, "ended-meanwhile", 12);
        awaitState(env, stillRunning, "running", 60);
        awaitState(env, endedMeanwhile, "running", 60);
        List<String> firstAttempt = runningContainersOf(stillRunning);
        assertThat(firstAttempt).hasSize(1);

        otherMachine.cut();

        for (String id : List.of(stillRunning, endedMeanwhile)) {
            awaitState(env, id, "queued", 40);
            JsonNode requeued = jobAsListed(env, id);
            assertThat(requeued.get("reason").asText()).contains("agent behind-link was lost");
            assertThat(requeued.get("attemptsLostToEngine").asInt()).as("the attempt does not count").isEqualTo(1);
        }
        assertThat(runningContainersOf(stillRunning)).as("cut off, the agent cannot know: its container runs on")
                .isEqualTo(firstAttempt);
        await().atMost(Duration.ofSeconds(30)).until(() -> runningContainersOf(endedMeanwhile).isEmpty());
        assertThat(containersOf(endedMeanwhile)).as("ended; kept while the agent waits to record its end").hasSize(1);

        otherMachine.restore();

        for (String id : List.of(stillRunning, endedMeanwhile)) {
            awaitState(env, id, "completed", 150);
            JsonNode completed = jobAsListed(env, id);
            assertThat(completed.get("attempt").asInt()).as("run again, in the next attempt").isEqualTo(2);
            assertThat(completed.get("node").asText()).isEqualTo("behind-link");
            CliRun logs = berth("get", "logs", env, id);
            assertThat(logs.out()).contains("attempt 2 finished").doesNotContain("attempt 1 finished");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(containersOf(id))
                    .as("the first attempt's container was stopped and removed, the second's removed when it ended")
                    .isEmpty());
        }
    }

    /** Submits a job for the agent behind the link whose first attempt takes that long, and the next none. */
    private String submitCutOff(String env, String name, int firstAttemptSeconds) throws IOException {
        Path project = TestProject.aProject(name).withJobConfig("""
                        project_name: %s
                        max_attempts: 1
                        worker:
                          constraints:
                            pool: remote
                        """.formatted(name))
                .withMain("""
                        import os, time
                        attempt = os.environ["BERTH_ATTEMPT"]
                        print("attempt", attempt, "started", flush=True)
                        if attempt == "1":
                            time.sleep(%d)
                        print("attempt", attempt, "finished", flush=True)
                        """.formatted(firstAttemptSeconds)).writeUnder(root);
        CliRun submit = berth("submit", "--no-follow", env, project.toString(), "main.py");
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        return submit.queuedJobId();
    }

    /**
     * A Berth home with, in {@code token}, the token the head made for this agent, and this agent.yaml (after
     * server: and name:).
     */
    private Path agentHome(String name, String moreYaml) throws IOException {
        return agentHome(name, moreYaml, "--agent", name);
    }

    /** As {@link #agentHome(String, String)}, with the token {@code berth server token create <options>} made. */
    private Path agentHome(String name, String moreYaml, String... tokenOptions) throws IOException {
        Path home = Files.createDirectories(root.resolve("agent-" + name));
        System.setProperty(BerthHome.PROPERTY, head.home.toString());
        List<String> create = new ArrayList<>(List.of("server", "token", "create"));
        create.addAll(List.of(tokenOptions));
        CliRun created = berth(create.toArray(String[]::new));
        assertThat(created.exitCode()).as(created.toString()).isZero();
        Files.writeString(home.resolve("token"), created.out().strip() + "\n");
        Files.writeString(home.resolve("agent.yaml"), "server: http://127.0.0.1:%d\nname: %s\n".formatted(head.port, name)
                + moreYaml);
        agentHomes.add(home);
        return home;
    }

    private static String state(String name) throws Exception {
        return headsView(name).map(agent -> agent.get("state").asText()).orElse(null);
    }

    /** The agent as {@code berth server status --json} on the head shows it. */
    private static Optional<JsonNode> headsView(String name) throws Exception {
        System.setProperty(BerthHome.PROPERTY, head.home.toString());
        CliRun status = berth("server", "status", "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        for (JsonNode agent : JSON.readTree(status.out()).path("agents")) {
            if (agent.get("name").asText().equals(name)) {
                return Optional.of(agent);
            }
        }
        return Optional.empty();
    }

    /** A submission config in the head's home naming the head, with a user's token; returns its name. */
    private static String aUsersSubmissionConfig(String env) throws IOException {
        System.setProperty(BerthHome.PROPERTY, head.home.toString());
        CliRun token = berth("server", "token", "create", "--name", "user-" + env);
        assertThat(token.exitCode()).as(token.toString()).isZero();
        head.writeSubmissionConfig(env, "scheduler_url: http://127.0.0.1:" + head.port + "\ntoken: "
                + token.out().strip() + "\n");
        return env;
    }

    /** Waits until the job is in that state; a timeout says what it was in last. */
    private static void awaitState(String env, String id, String state, int seconds) {
        await().atMost(Duration.ofSeconds(seconds)).untilAsserted(() -> {
            JsonNode job = jobAsListed(env, id);
            assertThat(job.get("state").asText()).as("job %s: %s", id, job).isEqualTo(state);
        });
    }

    /** The job as {@code berth list --json} shows it. */
    private static JsonNode jobAsListed(String env, String id) throws IOException {
        System.setProperty(BerthHome.PROPERTY, head.home.toString());
        CliRun list = berth("list", "--json", "--all", env);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        for (JsonNode job : JSON.readTree(list.out())) {
            if (job.get("id").asText().equals(id)) {
                return job;
            }
        }
        throw new AssertionError("job " + id + " is not listed: " + list.out());
    }

    /** Ids of the containers, running or not, that carry the job's label. */
    private static List<String> containersOf(String jobId) throws Exception {
        return dockerPs("-aq", "--filter", "label=berth.job-id=" + jobId);
    }

    /** Ids of the running containers that carry the job's label. */
    private static List<String> runningContainersOf(String jobId) throws Exception {
        return dockerPs("-q", "--filter", "label=berth.job-id=" + jobId);
    }

    /** The lease watches serving the agent of this home. */
    private static List<ProcessHandle> leaseWatchesOf(Path home) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine()
                        .map(line -> line.contains("LeaseWatch") && line.contains(home.resolve("agent-data").toString()))
                        .orElse(false))
                .toList();
    }

    private static List<String> dockerPs(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "ps", "--no-trunc"));
        command.addAll(List.of(options));
        Process ps = new ProcessBuilder(command).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ps.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(line -> !line.isBlank()).toList();
    }

    private static Run run(Path home, String... args) throws Exception {
        return BinBerth.run(home, args);
    }

    private static Run runWithInput(Path home, String input, String... args) throws Exception {
        return BinBerth.runOn(null, home, input, args);
    }
}
