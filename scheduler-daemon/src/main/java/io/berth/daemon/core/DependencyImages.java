package io.berth.daemon.core;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The image a job's container runs: its own, or one derived from it with the project's dependencies
 * installed, made once per distinct {@link DependencyInstall} and reused by later jobs (docs/dependencies.md).
 * The Docker implementation is {@code DockerDependencyImages}.
 */
public interface DependencyImages {

    /**
     * Returns the image to start the job's container from, making it first if need be; what the install
     * prints goes to {@code log} as it is written.
     *
     * @param jobSource the job's unpacked bundle on this machine
     * @throws DependencyInstallException when the install fails or runs out of time
     * @throws ContainerRuntimeException  when the engine fails (the job's image is missing, a commit fails)
     */
    String imageFor(Job job, Path jobSource, OutputStream log);
}
