package io.berth.daemon.core;

import java.util.Locale;

/** The life of a job: {@code queued → starting → running → completed | failed | stopped}. */
public enum JobState {
    QUEUED, STARTING, RUNNING, COMPLETED, FAILED, STOPPED;

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    /** Holds a slot on the server: its container exists or is being made. */
    public boolean isActive() {
        return this == STARTING || this == RUNNING;
    }

    /** The lower-case name used in the API, the CLI and Redis. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
