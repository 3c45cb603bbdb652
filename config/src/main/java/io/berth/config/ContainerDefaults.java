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
     * Docker's json-file log of a job, in up to {@code maxFiles} files of {@code maxSize} each. Berth copies the log
     * as the engine writes it, but the engine's follow is not whole across a rotation (measured on Docker 27: lines
     * repeated at each one, and 125,099 of 200,000 lines lost when a job wrote 27 MB at once past two files of 6m);
     * and Berth reads the log again from its start after a restart, skipping what its own log has, which is right
     * only while Docker's log still has its start. So the first rotation must come only once Berth's log is full:
     * one file holds twice {@code max_log_size}, as Docker counts its JSON (about twice the output for lines of 60
     * characters), and two more files give a follow that lags some slack before anything is removed. The margin of
     * "twice" is thin for lines of about 70 characters: ContainerDefaultsIT saw the first rotation come just before
     * Berth's log was full and the engine's follow skip a whole file there (on Docker 20.10; its files are now
     * three times Berth's cap). Following across rotations by timestamp would end this; until then, see
     * docs/configuration.md.
     */
    public record DockerLog(MemorySize maxSize, int maxFiles) {
        public static final int DEFAULT_FILES = 3;
        public static final MemorySize DEFAULT_MIN_SIZE = new MemorySize(100L << 20);
        /** Docker's JSON bytes per byte of output that one file must allow for. */
        static final int JSON_FACTOR = 2;

        public DockerLog {
            if (maxFiles < 1) {
                throw new IllegalArgumentException("maxFiles must be 1 or more, got " + maxFiles);
            }
        }

        /** 100m per file, or twice what Berth's log keeps where that is more. */
        static DockerLog fitting(MemorySize maxLogSize, int files) {
            return new DockerLog(new MemorySize(Math.max(DEFAULT_MIN_SIZE.bytes(), JSON_FACTOR * maxLogSize.bytes())),
                    files);
        }

        /** Whether one file of Docker's log holds all of what Berth's keeps (at {@link #JSON_FACTOR}). */
        boolean holds(MemorySize maxLogSize) {
            return maxSize.bytes() >= JSON_FACTOR * maxLogSize.bytes();
        }
    }
}
