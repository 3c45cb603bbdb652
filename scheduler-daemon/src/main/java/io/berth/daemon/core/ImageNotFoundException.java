package io.berth.daemon.core;

/** The job's image is not on the engine and cannot be had. */
public class ImageNotFoundException extends ContainerRuntimeException {
    public ImageNotFoundException(String image, Throwable cause) {
        super("image not found: " + image, cause);
    }

    /** @param pullFailure why the engine could not pull it either (no such image, no registry reachable...) */
    public ImageNotFoundException(String image, String pullFailure, Throwable cause) {
        super("image not found: " + image + " (not on the engine, and pulling it failed: " + pullFailure + ")", cause);
    }
}
