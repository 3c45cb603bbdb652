package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisExposureTest {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            redis://localhost:6379                  | accepted
            redis://LOCALHOST                       | accepted
            redis://cache.localhost:6379            | accepted
            redis://127.0.0.1:6379                  | accepted
            redis://127.8.9.10:6379/3               | accepted
            redis://[::1]:6379                      | accepted
            redis://[0:0:0:0:0:0:0:1]:6379          | accepted
            redis://[::ffff:127.0.0.1]:6379         | accepted
            redis://10.0.0.5:6379                   | without a password and without TLS
            redis://redis.internal                  | without a password and without TLS
            redis://[fe80::1]:6379                  | without a password and without TLS
            redis://[::]:6379                       | without a password and without TLS
            redis://0.0.0.0:6379                    | without a password and without TLS
            redis://127.0.0.1.example.com           | without a password and without TLS
            redis://localhost.example.com           | without a password and without TLS
            redis://:s3cret@10.0.0.5:6379           | without TLS
            redis://berth:s3cret@10.0.0.5:6379      | without TLS
            rediss://10.0.0.5:6379                  | without a password
            rediss://berth@10.0.0.5:6379            | without a password
            rediss://berth:@10.0.0.5:6379           | without a password
            rediss://:s3cret@10.0.0.5:6379          | accepted
            rediss://berth:s3cret@redis.lab:6380/2  | accepted
            """)
    void aRedisOffThisMachineNeedsAPasswordAndTls(String url, String verdict) {
        var why = RedisExposure.whyRefused(URI.create(url));
        if (verdict.equals("accepted")) {
            assertThat(why).as(url).isEmpty();
        } else {
            assertThat(why).as(url).hasValueSatisfying(w -> assertThat(w).contains(" over the network " + verdict + ":")
                    .doesNotContain("s3cret"));
        }
    }
}
