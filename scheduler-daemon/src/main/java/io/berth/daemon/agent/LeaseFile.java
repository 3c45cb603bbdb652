package io.berth.daemon.agent;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's lease at its head as the agent knows it, kept in {@code <agent data>/lease} for {@link LeaseWatch}:
 * rewritten after every heartbeat the head took, with how much longer this machine's containers may run without
 * another. The head counts the agent lost a whole lease after the last beat it received; the containers stop at
 * three quarters of it after that beat was sent, so a job never runs here while the head runs it elsewhere.
 *
 * @param agentPid the agent's process, for the log (whether it runs is {@link AgentLock}'s to say)
 * @param beat     counts the beats the head took; a new one restarts the watch's clock
 * @param validFor how long after this was written the containers may run on without another beat
 * @param writtenAt when it was written, in epoch milliseconds: a watch that reads it late (just started, say)
 *                  takes off the time since
 */
record LeaseFile(String agent, long agentPid, Duration lease, long beat, Duration validFor, long writtenAt) {
    static final String FILE_NAME = "lease";

    /** The share of the lease this machine's containers may outlive the last beat the head took. */
    static Duration fenceAfter(Duration lease) {
        return lease.multipliedBy(3).dividedBy(4);
    }

    /** Replaces the file in one step: the watch never reads half of it. */
    void write(Path dataDir) {
        String text = "agent=" + agent + "\nagent_pid=" + agentPid + "\nlease_ms=" + lease.toMillis() + "\nbeat=" + beat
                + "\nvalid_ms=" + validFor.toMillis() + "\nwritten_at_ms=" + writtenAt + "\n";
        Path file = dataDir.resolve(FILE_NAME);
        Path partial = dataDir.resolve(FILE_NAME + ".partial");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the agent's lease to " + file, e);
        }
    }

    /** The lease as last written; empty if no agent wrote one yet, or it cannot be read. */
    static Optional<LeaseFile> read(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Properties values = new Properties();
            values.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return Optional.of(new LeaseFile(values.getProperty("agent"),
                    Long.parseLong(values.getProperty("agent_pid")),
                    Duration.ofMillis(Long.parseLong(values.getProperty("lease_ms"))),
                    Long.parseLong(values.getProperty("beat")),
                    Duration.ofMillis(Long.parseLong(values.getProperty("valid_ms"))),
                    Long.parseLong(values.getProperty("written_at_ms"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // written by hand, or by another version: the watch keeps its last reading
        }
    }

    /** How long the containers may run on from now: what was left when written, less the time since. */
    Duration left(long nowMillis) {
        return validFor.minusMillis(Math.max(0, nowMillis - writtenAt));
    }

}
