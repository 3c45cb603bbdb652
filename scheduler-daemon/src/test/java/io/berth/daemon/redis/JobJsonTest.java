package io.berth.daemon.redis;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobIds;
import io.berth.daemon.core.JobStoreException;
import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import io.berth.wire.VolumeMount;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobJsonTest {
    private final JobJson json = new JobJson();

    @Test
    void aJobWithEveryFieldSetComesBackEqual() {
        Instant now = Instant.parse("2026-03-04T05:06:07.123456789Z");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.1);
        params.put("epochs", 3);
        params.put("seed", 12_345_678_901L);
        params.put("layers", List.of(64, 32));
        params.put("optimizer", Map.of("name", "adam", "beta", 0.9));
        params.put("resume", true);
        params.put("note", null);
        JobSpec spec = new JobSpec("pytorch:2", List.of("python", "-u"), "/work", Map.of("A", "1"),
                List.of(new VolumeMount("/data", "/data", true)), new JobRequests(2, 1.5, 8L << 30, 3600L, 7, 2, true));
        Job job = Job.queued(JobIds.next(now), "sweep-1", "demo", List.of("train.py", "--fast"), params, spec, "ab".repeat(32),
                        5 * 1024, now)
                .claimed(List.of("0", "GPU-8f2c"))
                .started("container-1", now.plusNanos(1))
                .withStopRequested()
                .stopped(137, "stopped by user", now.plusSeconds(60));

        assertThat(roundTrip(job)).isEqualTo(job);
        assertThat(roundTrip(job).params().get("epochs")).isInstanceOf(Integer.class);
        assertThat(roundTrip(job).params().get("lr")).isEqualTo(0.1);
    }

    @Test
    void aJobWithItsOptionalFieldsUnsetComesBackEqual() {
        Job job = aQueuedJob();
        assertThat(roundTrip(job)).isEqualTo(job);
    }

    @Test
    void anUnreadableRecordNamesTheJob() {
        assertThatThrownBy(() -> json.read("01jdxyz", "{\"id\":"))
                .isInstanceOf(JobStoreException.class)
                .hasMessageContaining("job 01jdxyz");
    }

    private Job roundTrip(Job job) {
        return json.read(job.id(), json.write(job));
    }
}
