package io.berth.daemon.core;

import io.berth.config.Durations;
import java.time.Duration;

/** A job's dependencies could not be installed; what the install printed is in the job's log. */
public class DependencyInstallException extends ContainerRuntimeException {
    private final String what;

    /** @param what how the install ended, without where its output is */
    private DependencyInstallException(String what, String message) {
        super(message);
        this.what = what;
    }

    private static DependencyInstallException ofOwnInstall(String what) {
        return new DependencyInstallException(what, what + "; its output is in the job's log");
    }

    /** @param source what was installed, as {@link DependencyInstall#source()} names it */
    public static DependencyInstallException failed(String source, int exitCode) {
        return ofOwnInstall("installing dependencies from " + source + " failed (exit " + exitCode + ")");
    }

    public static DependencyInstallException timedOut(String source, Duration limit) {
        return ofOwnInstall("installing dependencies from " + source + " was stopped after " + Durations.format(limit)
                + " (server.yaml's dependency_install_timeout)");
    }

    /**
     * For a job that waited for another job's install of the same dependencies, which failed: it fails too,
     * for the same reason, rather than run the same install again.
     */
    public DependencyInstallException sharedBy(String installingJobId) {
        return new DependencyInstallException(what, what + " in job " + installingJobId
                + ", whose install of the same dependencies this job waited for; its output is in that job's log");
    }
}
