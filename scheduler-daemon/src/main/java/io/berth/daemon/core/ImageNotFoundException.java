package io.berth.daemon.core;

import java.util.regex.Pattern;

/** The job's image is not on the engine and cannot be had. */
public class ImageNotFoundException extends ContainerRuntimeException {
    /** Atlas's worker images ({@code us.gcr.io/dessa-atlas/worker-gpu:latest}, the CE one): an Atlas config names them. */
    private static final Pattern ATLAS_WORKER = Pattern.compile("(^|/)dessa-atlas/|atlas-ce-worker");

    public ImageNotFoundException(String image, Throwable cause) {
        super("image not found: " + image + hint(image), cause);
    }

    /** @param pullFailure why the engine could not pull it either (no such image, no registry reachable...) */
    public ImageNotFoundException(String image, String pullFailure, Throwable cause) {
        super("image not found: " + image + " (not on the engine, and pulling it failed: " + pullFailure + ")"
                + hint(image), cause);
    }

    /** What to do: drop an Atlas worker image, or put the image on this engine without a registry. */
    private static String hint(String image) {
        return ATLAS_WORKER.matcher(image).find()
                ? "; it is Atlas's worker image, which Berth does not need: remove worker.image from job.config.yaml"
                + " to run in the server's default image, or name an image with Python 3.7 or later"
                : "; put it on the server's Docker engine: build it there (`docker build -t " + image + " <dir>`),"
                + " or `docker save` it where it exists and `docker load -i <file>.tar` it there";
    }
}
