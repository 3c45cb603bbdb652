package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.redis.EmbeddedRedis;
import io.berth.daemon.redis.RedisConnection;
import io.berth.wire.ApiError;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.VolumeMount;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What someone who can write the server's Redis, or who runs jobs beside another Berth server, can get: a job
 * record changed in the real Redis of a real server while its job waits in the queue is checked again when its
 * container is about to be made, and fails naming the check; no container of it is ever created.
 */
class ForgedRecordIT {
    @TempDir
    static Path home;

    private static EmbeddedRedis redis;
    private static TestDaemon daemon;
    private static TestApi api;
    private static RedisConnection attacker;

    @BeforeAll
    static void start() {
        redis = new EmbeddedRedis(0, home.resolve("shared-redis"), EmbeddedRedis.Fsync.EVERYSEC);
        redis.start();
        daemon = new TestDaemon(TestApi.config(home, URI.create(redis.url())));
        api = daemon.api;
        attacker = RedisConnection.open(redis.url());
    }

    @AfterAll
    static void stop() {
        attacker.close();
        daemon.close();
        redis.stop();
    }

    @Test
    void aQueuedJobsRecordRewrittenInRedisToMountTheHostFailsNamingTheCheckAndNoContainerIsMade() throws Exception {
        Path datasets = Files.createDirectories(home.resolve("datasets"));
        Path escape = Path.of("/tmp/berth-forged-escape-" + ProcessHandle.current().pid());
        Instant began = Instant.now();
        String blocker = api.upload(Map.of("main.py", "import time\ntime.sleep(300)\n"));
        List<JobView> blockers = List.of(submit(blocker, List.of()), submit(blocker, List.of()));
        await().atMost(Duration.ofSeconds(60)).until(() -> running(blockers));
        String victimBundle = api.upload(Map.of("main.py", "open('/host" + escape + "', 'w').write('escaped')\n"));
        JobView victim = submit(victimBundle, List.of(new VolumeMount(datasets.toString(), "/data", true)));
        assertThat(api.job(victim.id()).state()).isEqualTo("queued");
        Instant forgedAt = Instant.now();

        // as someone with nothing but write access to Redis would: read the record, change its spec, write it back
        String key = "berth:job:" + victim.id();
        ObjectNode record = (ObjectNode) TestApi.JSON.readTree(attacker.jedis().hget(key, "json"));
        ObjectNode spec = (ObjectNode) record.get("spec");
        spec.putArray("volumes").addObject().put("hostPath", "/").put("containerPath", "/host").put("readOnly", false);
        attacker.jedis().hset(key, "json", TestApi.JSON.writeValueAsString(record));
        attacker.jedis().incr("berth:jobs-version");
        assertThat(api.job(victim.id()).state()).isEqualTo("queued");
        for (JobView b : blockers) {
            api.send(api.request("/jobs/" + b.id() + "/stop").POST(HttpRequest.BodyPublishers.noBody()));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> api.job(victim.id()).finished());
        long failedInMs = Duration.between(forgedAt, Instant.now()).toMillis();
        JobView failed = api.job(victim.id());
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.reason()).isEqualTo("refused by the server's policy: worker.volumes: /: would give the job /"
                + " of the server's machine; an operator can allow it with volume_allow_list in server.yaml");
        assertThat(api.logs(victim.id(), false)).contains("refused by the server's policy: worker.volumes: /");
        assertThat(containerEventsOf(blockers.get(0).id(), began)).as("the engine's events as seen here").contains("create");
        assertThat(containerEventsOf(victim.id(), began)).as("no container of it was ever created").isEmpty();
        assertThat(escape).doesNotExist();
        System.out.printf("forged record: failed %d ms after the forgery (blockers stopped meanwhile)%n", failedInMs);
    }

    @Test
    void anotherBerthHomeOnThisMachineIsRefusedAtSubmit() throws Exception {
        Path otherHome = Files.createDirectories(home.resolve("alice/.config/berth"));
        Files.writeString(otherHome.resolve("tokens.json"), "{\"tokens\": []}");
        Files.writeString(otherHome.resolve("server.token"), "secret");
        Files.writeString(Files.createDirectories(otherHome.resolve("data")).resolve("server-id"), "0123456789abcdef");
        String digest = api.upload(Map.of("main.py", "print(1)\n"));
        for (Path hostPath : List.of(otherHome, otherHome.resolve("data"), otherHome.resolve("tokens.json"),
                home.resolve("alice"))) {
            HttpResponse<String> refused = api.submit(new SubmitJobRequest(digest, "hostile", List.of("main.py"), null,
                    new JobSpec(null, null, null, Map.of(), List.of(new VolumeMount(hostPath.toString(), "/h", true)),
                            null)));
            assertThat(refused.statusCode()).as(hostPath.toString()).isEqualTo(400);
            assertThat(TestApi.JSON.readValue(refused.body(), ApiError.class).message()).as(hostPath.toString())
                    .startsWith("worker.volumes: " + hostPath + ": would give the job a Berth server's home or data"
                            + " directory (" + otherHome);
        }
    }

    private static JobView submit(String digest, List<VolumeMount> volumes) throws Exception {
        return api.submitted(new SubmitJobRequest(digest, "forged", List.of("main.py"), null,
                new JobSpec(null, null, null, Map.of(), volumes, null)));
    }

    private static boolean running(List<JobView> jobs) throws Exception {
        for (JobView job : jobs) {
            if (!api.job(job.id()).state().equals("running")) {
                return false;
            }
        }
        return true;
    }

    /** What the Docker engine says happened to containers labelled as the job's since then: create, start... */
    private static String containerEventsOf(String jobId, Instant since) throws IOException, InterruptedException {
        Process events = new ProcessBuilder("docker", "events", "--since", Long.toString(since.getEpochSecond() - 1),
                "--until", Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "type=container",
                "--filter", "label=" + ContainerLabels.JOB_ID + "=" + jobId, "--format", "{{.Action}}")
                .redirectErrorStream(true).start();
        String out = new String(events.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(events.waitFor()).as("docker events: " + out).isZero();
        return out;
    }
}
