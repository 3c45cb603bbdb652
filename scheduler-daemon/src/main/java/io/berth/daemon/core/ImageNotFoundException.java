package io.berth.daemon.core;

/** The job's image is not on the engine and cannot be had. */
public class ImageNotFoundException extends ContainerRuntimeException {
    public ImageNotFoundException(String image, Throwable cause) {
        super("image not found: " + image, cause);
    }
}
