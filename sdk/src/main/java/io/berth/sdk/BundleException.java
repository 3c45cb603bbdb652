package io.berth.sdk;

/** The project directory cannot be bundled: a file that cannot be read, a link out of the project, ... */
public class BundleException extends BerthException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
