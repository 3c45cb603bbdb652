package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobIdsTest {
    @Test
    void idsSortByTimeAsStrings() {
        String earlier = JobIds.next(Instant.parse("2026-01-01T00:00:00.001Z"));
        String later = JobIds.next(Instant.parse("2026-01-01T00:00:00.002Z"));
        assertThat(earlier).isLessThan(later);
        assertThat(JobIds.isValid(earlier)).isTrue();
    }

    @Test
    void prefixesAndIdsRejectWhatCouldEscapeAPath() {
        assertThat(JobIds.isValidPrefix("01jd")).isTrue();
        assertThat(JobIds.isValidPrefix("../etc")).isFalse();
        assertThat(JobIds.isValidPrefix("")).isFalse();
        assertThat(JobIds.isValid("01jd")).isFalse();
    }

    @Test
    void aSequenceSortsInTheOrderGivenAndHasNoDuplicates() {
        java.util.List<String> ids = JobIds.sequence(Instant.parse("2026-01-01T00:00:00Z"), 1000);
        assertThat(ids).isSorted().doesNotHaveDuplicates().allMatch(JobIds::isValid);
    }
}
