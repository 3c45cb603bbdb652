package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.config.NetworkConfig;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code worker.network} on the real engine: {@code none} cuts a job off, {@code bridge} (the default) does not. */
class JobNetworkIT {
    /** Allowed by the server, but no engine has it. */
    private static final String MISSING = "berth-test-no-such-network";
    /** The interfaces the job sees, and whether it can open a socket to the host's side of Docker's bridge. */
    private static final String SCRIPT = """
            import os, socket
            print(sorted(os.listdir('/sys/class/net')))
            try:
                socket.create_connection(('172.17.0.1', 9), timeout=2).close()
                print('reached the bridge')
            except ConnectionRefusedError:
                print('reached the bridge')  # refused, but by the host: there is a route
            except OSError as e:
                print('no route:', type(e).__name__)
            """;

    @TempDir
    static Path home;

    private static TestDaemon daemon;
    private static TestApi api;
    private static String digest;

    @BeforeAll
    static void start() throws Exception {
        daemon = new TestDaemon(TestApi.config(home, null)
                .withNetworks(new NetworkConfig(NetworkConfig.BRIDGE, List.of(NetworkConfig.BRIDGE, MISSING))));
        api = daemon.api;
        digest = api.upload(Map.of("main.py", SCRIPT));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aJobOnNoNetworkHasOnlyLoopback() throws Exception {
        JobView job = finished(JobSpec.defaults().withNetwork("none"));

        assertThat(job.state()).as(job.reason()).isEqualTo("completed");
        assertThat(api.logs(job.id(), false)).startsWith("['lo']\n").contains("no route:");
    }

    @Test
    void aJobThatNamesNoNetworkIsOnTheBridge() throws Exception {
        JobView job = finished(JobSpec.defaults());

        assertThat(job.state()).as(job.reason()).isEqualTo("completed");
        assertThat(api.logs(job.id(), false)).contains("'eth0'").contains("reached the bridge");
    }

    @Test
    void aNetworkTheServerDoesNotAllowIsRefusedAtSubmit() throws Exception {
        HttpResponse<String> refused = api.submit(new SubmitJobRequest(digest, "net", List.of("main.py"), null,
                JobSpec.defaults().withNetwork("host")));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("worker.network: this server does not let jobs join 'host'");
    }

    @Test
    void anAllowedNetworkTheEngineLacksFailsTheJobNamingIt() throws Exception {
        JobView job = finished(JobSpec.defaults().withNetwork(MISSING));

        assertThat(job.state()).isEqualTo("failed");
        assertThat(job.attempt()).as("the job's fault: not retried").isEqualTo(1);
        assertThat(job.reason()).contains("the Docker network '" + MISSING + "' (worker.network) does not exist");
    }

    private static JobView finished(JobSpec spec) throws Exception {
        JobView job = api.submitted(new SubmitJobRequest(digest, "net", List.of("main.py"), null, spec));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.job(job.id()).finished());
        return api.job(job.id());
    }
}
