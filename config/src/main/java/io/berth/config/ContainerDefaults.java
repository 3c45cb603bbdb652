package io.berth.config;

import java.util.regex.Pattern;

/**
 * How the server makes every job's container where the job does not say (the container keys of
 * {@code server.yaml}, docs/configuration.md).
 *
 * @param memory       the memory limit of a job that sets none; null for no limit
 * @param user         {@code uid:gid} a job runs as where it names none; null for its image's user
 * @param readOnlyRoot the container's root file system read-only, with {@code /tmp} and {@code /job} writable
 * @param dockerLog    caps on Docker's own log of a job; null leaves the engine's log driver and options
 */
public record ContainerDefaults(MemorySize memory, String user, boolean readOnlyRoot, DockerLog dockerLog) {
    private static final Pattern UID_GID = Pattern.compile("\\d{1,9}:\\d{1,9}");

    public ContainerDefaults {
        if (user != null && !UID_GID.matcher(user).matches()) {
            throw new IllegalArgumentException("user must be uid:gid in numbers, got '" + user + "'");
        }
    }

    /** No memory limit, the image's user, a writable root, and Docker's log capped to fit {@code maxLogSize}. */
    public static ContainerDefaults defaults(MemorySize maxLogSize) {
        return new ContainerDefaults(null, null, false, DockerLog.fitting(maxLogSize, DockerLog.DEFAULT_FILES));
    }

    static boolean isUidGid(String value) {
        return UID_GID.matcher(value).matches();
    }

    /**
     * Docker's json-file log of a job, in {@code files} files of up to {@code maxSize} each: past that the
     * oldest output is gone from it. Berth copies the log as it is written, but reads it again from its
     * start after a restart (and for the last lines of a follow the engine ended early), skipping what its
     * own log has: that is right only while Docker's log still holds everything Berth's keeps. Docker counts
     * its JSON, about twice the output for lines of 60 characters or more, so it must hold twice
     * {@code max_log_size}.
     */
    public record DockerLog(MemorySize maxSize, int maxFiles) {
        public static final int DEFAULT_FILES = 3;
        public static final MemorySize DEFAULT_MIN_SIZE = new MemorySize(100L << 20);
        /** Docker's JSON bytes per byte of output that a cap must allow for. */
        static final int JSON_FACTOR = 2;

        public DockerLog {
            if (maxFiles < 1) {
                throw new IllegalArgumentException("maxFiles must be 1 or more, got " + maxFiles);
            }
        }

        /** 100m per file, or more where Berth's log keeps more than Docker's would hold. */
        static DockerLog fitting(MemorySize maxLogSize, int files) {
            long mib = 1L << 20;
            long needed = ceil(ceil(JSON_FACTOR * maxLogSize.bytes(), files), mib) * mib;
            return new DockerLog(new MemorySize(Math.max(DEFAULT_MIN_SIZE.bytes(), needed)), files);
        }

        /** Whether Docker's log holds all of what Berth's keeps (at {@link #JSON_FACTOR}). */
        boolean holds(MemorySize maxLogSize) {
            return maxSize.bytes() * maxFiles >= JSON_FACTOR * maxLogSize.bytes();
        }

        private static long ceil(long a, long b) {
            return (a + b - 1) / b;
        }
    }
}
