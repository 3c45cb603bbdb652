package io.berth.daemon.storage;

import io.berth.daemon.core.InvalidBundleException;

/** An upload past the server's bundle size cap. */
public class BundleTooLargeException extends InvalidBundleException {
    public BundleTooLargeException(long maxBytes) {
        super("bundle is larger than the server's limit of " + maxBytes / (1024 * 1024) + " MB");
    }
}
