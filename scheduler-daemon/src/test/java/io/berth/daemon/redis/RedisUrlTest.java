package io.berth.daemon.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUrlTest {
    @Test
    void hostAloneMeansTheDefaultPortAndDatabaseZeroWithoutAuth() {
        assertThat(RedisUrl.parse("redis://cache.internal"))
                .isEqualTo(new RedisUrl("cache.internal", 6379, 0, null, null, false));
    }

    @Test
    void readsPortDatabaseUserAndAPercentEncodedPassword() {
        assertThat(RedisUrl.parse("rediss://berth:p%40ss:word@10.0.0.5:6380/2"))
                .isEqualTo(new RedisUrl("10.0.0.5", 6380, 2, "berth", "p@ss:word", true));
        assertThat(RedisUrl.parse("redis://:secret@localhost/"))
                .isEqualTo(new RedisUrl("localhost", 6379, 0, null, "secret", false));
    }

    @Test
    void thePasswordNeverShowsInTextMeantForLogs() {
        assertThat(RedisUrl.parse("redis://berth:secret@localhost:6380/1").toString())
                .isEqualTo("redis://berth:***@localhost:6380/1");
        assertThatThrownBy(() -> RedisUrl.parse("http://:secret@localhost"))
                .hasMessageContaining("redis://")
                .hasMessageNotContaining("secret");
    }

    @Test
    void rejectsWhatItCannotMeanClearly() {
        assertThatThrownBy(() -> RedisUrl.parse("redis://secret@localhost")).hasMessageContaining(":PASSWORD@");
        assertThatThrownBy(() -> RedisUrl.parse("redis://localhost/cache")).hasMessageContaining("database number");
        assertThatThrownBy(() -> RedisUrl.parse("localhost:6379")).isInstanceOf(IllegalArgumentException.class);
    }
}
