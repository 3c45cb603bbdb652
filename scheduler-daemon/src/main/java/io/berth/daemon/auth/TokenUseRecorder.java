package io.berth.daemon.auth;

import io.berth.config.ConfigException;
import io.berth.config.TokenUseFile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each token was last used, noted in memory on every accepted request and written to
 * {@link TokenUseFile} when a token is first used and then at most once a {@link #WRITE_EVERY} per token
 * (and at stop): a request costs a map update, not a file write, so the file lags by up to a minute.
 * The server writes only this file, never {@code tokens.json}, so it races with no change the CLI makes.
 */
final class TokenUseRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenUseRecorder.class);
    static final Duration WRITE_EVERY = Duration.ofMinutes(1);

    private final TokenUseFile file;
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final Map<String, Instant> written = new ConcurrentHashMap<>();

    TokenUseRecorder(TokenUseFile file) {
        this.file = file;
        try {
            used.putAll(file.read());
            written.putAll(used);
        } catch (ConfigException e) {
            LOG.warn("{}; last uses start afresh", e.getMessage()); // only a record, not worth refusing to start
        }
    }

    /** Notes that the token with this id was used {@code at}. */
    void record(String id, Instant at) {
        Instant second = at.truncatedTo(ChronoUnit.SECONDS);
        used.merge(id, second, (old, now) -> now.isAfter(old) ? now : old);
        Instant last = written.get(id);
        if (last == null || !second.isBefore(last.plus(WRITE_EVERY))) {
            write();
        }
    }

    /** Forgets the tokens no longer in the tokens file. */
    void retain(Set<String> ids) {
        used.keySet().retainAll(ids);
    }

    synchronized void write() {
        Map<String, Instant> now = Map.copyOf(used);
        if (now.equals(written)) {
            return;
        }
        try {
            file.write(now);
        } catch (ConfigException e) {
            LOG.warn("{}; tokens' last uses are kept in memory only", e.getMessage());
        }
        written.clear();
        written.putAll(now); // after a failure too: the next try is a minute away, not at the next request
    }

    @Override
    public void close() {
        write();
    }
}
