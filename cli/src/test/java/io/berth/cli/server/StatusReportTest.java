package io.berth.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.ServerStatus;
import io.berth.wire.ServerStatus.Amounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusReportTest {
    private static final long MIB = 1L << 20;

    @Test
    void capacityAndUseLineUpUnderEachOther() {
        ServerStatus status = new ServerStatus("1.0", 4, 1, 3, "embedded", "/data",
                new Amounts(4, 2, (long) (23.4 * 1024) * MIB, List.of("0", "1", "2", "3")),
                new Amounts(1, 1.5, 512 * MIB, List.of("0", "1")));

        assertThat(StatusReport.lines(status)).containsExactly(
                "  slots:   1 of 4 in use",
                "  cpus:    1.5 of 2 in use",
                "  memory:  512m of 23.4g in use",
                "  gpus:    0,1 of 0,1,2,3 in use",
                "  queued:  3",
                "  redis:   embedded",
                "  data:    /data");
    }

    @Test
    void aServerWithoutGpusSaysNoneAndAnIdleOneUsesNothing() {
        ServerStatus status = new ServerStatus("1.0", 2, 0, 0, "embedded", "/data",
                new Amounts(2, 4, 8L << 30, List.of()), new Amounts(0, 0, 0, List.of()));

        assertThat(StatusReport.lines(status)).contains(
                "  slots:   0 of 2 in use", "  cpus:    0 of 4 in use", "  memory:  0 of 8g in use", "  gpus:    none");
    }

    @Test
    void gpusNoneOfThemInUseNamesTheServersGpus() {
        ServerStatus status = new ServerStatus("1.0", 2, 0, 0, "embedded", "/data",
                new Amounts(2, 4, 8L << 30, List.of("0", "1")), new Amounts(0, 0, 0, List.of()));

        assertThat(StatusReport.lines(status)).contains("  gpus:    none of 0,1 in use");
    }

    @Test
    void theDockerEngineIsShownAndSaysWhenItDoesNotAnswer() {
        Amounts none = new Amounts(0, 0, 0, List.of());
        ServerStatus up = new ServerStatus("1.0", 2, 0, 0, "embedded", "/data", none, none,
                new ServerStatus.Engine("unix:///var/run/docker.sock", true));
        ServerStatus down = new ServerStatus("1.0", 2, 0, 4, "embedded", "/data", none, none,
                new ServerStatus.Engine("tcp://gpu-box:2376", false));

        assertThat(StatusReport.lines(up)).contains("  docker:  unix:///var/run/docker.sock");
        assertThat(StatusReport.lines(down))
                .contains("  docker:  tcp://gpu-box:2376 (not answering: no job starts until it does)");
    }

    @Test
    void aServerThatReportsNoCapacityShowsItsSlotsAsBefore() {
        ServerStatus status = new ServerStatus("0.9", 4, 2, 1, "redis://r:6379", "/data", null, null);

        assertThat(StatusReport.lines(status)).containsExactly(
                "  slots:   2 of 4 in use", "  queued:  1", "  redis:   redis://r:6379", "  data:    /data");
    }
}
