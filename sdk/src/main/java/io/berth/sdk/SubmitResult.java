package io.berth.sdk;

import io.berth.wire.JobView;
import java.util.List;

/**
 * A queued job and how it got there.
 *
 * @param uploaded false when the server already had the bundle
 * @param largest  the bundle's largest files, for a large-bundle warning
 */
public record SubmitResult(
        JobView job,
        String bundleDigest,
        long bundleBytes,
        int fileCount,
        boolean uploaded,
        List<Bundle.Entry> largest) {

    public SubmitResult {
        largest = List.copyOf(largest);
    }

    public boolean largeBundle() {
        return bundleBytes > Bundle.WARN_BYTES;
    }
}
