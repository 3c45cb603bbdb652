package io.berth.daemon.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import io.berth.daemon.core.ContainerRuntimeException;
import io.berth.daemon.core.ImageNotFoundException;

/**
 * The image a job names, as the engine has it now: dependencies are installed on top of this id, so a tag
 * moved to another image later makes another derived image.
 *
 * @param name   as the job named it
 * @param config null for an image that has none (one made by {@code docker import})
 */
record BaseImage(String name, String id, ContainerConfig config) {

    /** Inspects the image, pulling it first if the engine lacks it. */
    static BaseImage resolve(DockerClients docker, ImagePuller puller, String name) {
        try {
            return of(name, inspect(docker, name));
        } catch (NotFoundException missing) {
            puller.pull(name);
        }
        try {
            return of(name, inspect(docker, name));
        } catch (NotFoundException stillMissing) {
            throw new ImageNotFoundException(name, stillMissing);
        }
    }

    private static InspectImageResponse inspect(DockerClients docker, String name) {
        try {
            return docker.call(c -> c.inspectImageCmd(name).exec());
        } catch (NotFoundException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContainerRuntimeException("could not inspect image " + name + ": " + DockerErrors.describe(e), e);
        }
    }

    private static BaseImage of(String name, InspectImageResponse image) {
        return new BaseImage(name, image.getId(), image.getConfig());
    }
}
