package io.berth.daemon.core;

import io.berth.config.Durations;
import java.time.Duration;

/** A job's dependencies could not be installed; what the install printed is in the job's log. */
public class DependencyInstallException extends ContainerRuntimeException {
    private DependencyInstallException(String message) {
        super(message);
    }

    /** @param source what was installed, as {@link DependencyInstall#source()} names it */
    public static DependencyInstallException failed(String source, int exitCode) {
        return new DependencyInstallException("installing dependencies from " + source + " failed (exit "
                + exitCode + "); its output is in the job's log");
    }

    public static DependencyInstallException timedOut(String source, Duration limit) {
        return new DependencyInstallException("installing dependencies from " + source + " was stopped after "
                + Durations.format(limit) + " (server.yaml's dependency_install_timeout); its output is in the job's log");
    }
}
