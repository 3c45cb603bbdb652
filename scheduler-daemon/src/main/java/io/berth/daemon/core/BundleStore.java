package io.berth.daemon.core;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Project bundles (tar.gz), stored once by the SHA-256 of their bytes, so a sweep of 1,000 jobs
 * uploads its project once.
 */
public interface BundleStore {

    boolean contains(String digest);

    /**
     * Stores the bytes if they hash to {@code digest}; otherwise throws {@link InvalidBundleException} and
     * keeps nothing. Storing a bundle that is already there is harmless.
     */
    void put(String digest, InputStream bytes);

    /** The stored bundle's file. Throws {@link InvalidBundleException} if there is none. */
    Path path(String digest);

    /** Every stored bundle's digest with when it was stored. */
    Map<String, Instant> stored();

    /** Removes a stored bundle; one already gone is not an error. */
    void delete(String digest);

    static boolean isValidDigest(String digest) {
        return digest != null && digest.matches("[0-9a-f]{64}");
    }
}
