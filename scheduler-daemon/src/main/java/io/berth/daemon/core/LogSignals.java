package io.berth.daemon.core;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Wakes whoever follows a job's log as soon as the log grows or the job's record changes, in place of a fixed
 * poll. A signal only says "look again": followers still read the log file and the store, which stay the truth,
 * so a missed or extra signal costs time, never a line. A job has an entry only while someone follows it.
 */
public final class LogSignals {
    private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();

    /** What woke a follower. */
    public enum Wake {
        /** The log grew; the job's record did not change. */
        WRITTEN,
        /** The job's record changed (it finished, moved on to another attempt, was deleted), or may have. */
        CHANGED,
        /** Nothing was signalled for the whole wait: look at everything again, in case. */
        TIMED_OUT
    }

    /** The job's log grew. */
    public void written(String jobId) {
        fire(jobId, false);
    }

    /** The job's record changed. */
    public void changed(String jobId) {
        fire(jobId, true);
    }

    private void fire(String jobId, boolean changed) {
        Signal signal = signals.get(jobId);
        if (signal != null) {
            signal.fire(changed);
        }
    }

    /** The job's log, signalling {@link #written} at each flush (and so at close). */
    public OutputStream signalling(String jobId, OutputStream log) {
        return new FilterOutputStream(log) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
                written(jobId);
            }
        };
    }

    /** Starts following a job: close the watch when done, so its entry goes once nobody follows the job. */
    public Watch watch(String jobId) {
        Signal signal = signals.compute(jobId, (id, existing) -> {
            Signal watched = existing == null ? new Signal() : existing;
            watched.watchers++;
            return watched;
        });
        return new Watch(jobId, signal);
    }

    /** How many jobs have followers now. */
    int watched() {
        return signals.size();
    }

    /** One follower of one job. */
    public final class Watch implements AutoCloseable {
        private final String jobId;
        private final Signal signal;
        private long seenWrites;
        /** Below any count: the first wait returns at once, so a change just before the watch began is not missed. */
        private long seenChanges = -1;

        private Watch(String jobId, Signal signal) {
            this.jobId = jobId;
            this.signal = signal;
            this.seenWrites = signal.writes();
        }

        /**
         * Waits until something is signalled after the last wait returned (or the watch began), or {@code atMost}
         * has passed. Read the store and the log after it returns, so nothing signalled meanwhile is missed.
         */
        public Wake await(Duration atMost) throws InterruptedException {
            long[] now = signal.awaitOther(seenWrites, seenChanges, atMost.toNanos());
            Wake wake = now[1] != seenChanges ? Wake.CHANGED : now[0] != seenWrites ? Wake.WRITTEN : Wake.TIMED_OUT;
            seenWrites = now[0];
            seenChanges = now[1];
            return wake;
        }

        @Override
        public void close() {
            signals.computeIfPresent(jobId, (id, watched) -> --watched.watchers == 0 ? null : watched);
        }
    }

    private static final class Signal {
        /** Changed only inside the map's compute, which locks the entry. */
        int watchers;
        private long writes;
        private long changes;

        synchronized void fire(boolean changed) {
            if (changed) {
                changes++;
            } else {
                writes++;
            }
            notifyAll();
        }

        synchronized long writes() {
            return writes;
        }

        /** The counts once either differs from the ones given, or once {@code nanos} have passed. */
        synchronized long[] awaitOther(long seenWrites, long seenChanges, long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; writes == seenWrites && changes == seenChanges && left > 0;
                 left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return new long[] {writes, changes};
        }
    }
}
