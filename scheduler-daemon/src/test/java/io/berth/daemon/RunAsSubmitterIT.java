package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.config.SecurityConfig;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code run_jobs_as_submitter}, a job runs as the uid:gid its client sent, so what it writes to a
 * volume is its submitter's, not root's (Atlas's outputs needed sudo to delete); without it the request
 * is ignored.
 */
class RunAsSubmitterIT {
    private static final String SCRIPT = """
            import os
            print('uid', os.getuid(), 'gid', os.getgid())
            open('/out/result.txt', 'w').write('mine')
            open('own-file.txt', 'w').write('written in the job directory')
            """;

    @TempDir
    Path home;

    private JobView runAs(TestApi api, Path out) throws Exception {
        String digest = api.upload(Map.of("main.py", SCRIPT));
        JobSpec spec = new JobSpec(null, null, null, Map.of(), List.of(new VolumeMount(out.toString(), "/out", false)),
                null).withRunAs("1234:2345");
        JobView job = api.submitted(new SubmitJobRequest(digest, "demo", List.of("main.py"), null, spec));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.job(job.id()).finished());
        return api.job(job.id());
    }

    private static Path writableByAnyone(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    @Test
    void whereTheOperatorAllowsItAJobRunsAsItsSubmitterAndItsFilesAreTheirs() throws Exception {
        Path out = writableByAnyone(home.resolve("out"));
        SecurityConfig allowed = SecurityConfig.none().withRunJobsAsSubmitter(true);
        try (TestDaemon daemon = new TestDaemon(TestApi.config(home, null).withSecurity(allowed))) {
            JobView done = runAs(daemon.api, out);
            String log = daemon.api.logs(done.id(), false);
            assertThat(done.state()).as(log).isEqualTo("completed");
            assertThat(log).contains("uid 1234 gid 2345");
            assertThat(Files.getAttribute(out.resolve("result.txt"), "unix:uid")).isEqualTo(1234);
            assertThat(Files.getAttribute(out.resolve("result.txt"), "unix:gid")).isEqualTo(2345);
        }
    }

    @Test
    void otherwiseTheSubmittersUidIsIgnored() throws Exception {
        Path out = writableByAnyone(home.resolve("out"));
        try (TestDaemon daemon = new TestDaemon(home)) {
            JobView done = runAs(daemon.api, out);
            assertThat(daemon.api.logs(done.id(), false)).contains("uid 0 gid 0");
            assertThat(Files.getAttribute(out.resolve("result.txt"), "unix:uid")).isEqualTo(0);
        }
    }
}
