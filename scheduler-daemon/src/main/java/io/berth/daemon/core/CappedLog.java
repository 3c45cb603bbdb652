package io.berth.daemon.core;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A job's log that keeps at most {@code limit} bytes of the container's output: past it, one marker line
 * says where the output was cut, and the rest is counted but not written, so a job printing gigabytes
 * cannot fill the server's disk. Berth's own lines ({@link #note}) are always written.
 */
final class CappedLog extends FilterOutputStream {
    private final long limit;
    private long written;
    private long dropped;
    private boolean marked;

    /** @param alreadyWritten container output the log already holds (a job taken up again after a restart) */
    CappedLog(OutputStream log, long limit, long alreadyWritten) {
        super(log);
        this.limit = limit;
        this.written = alreadyWritten;
        this.marked = alreadyWritten > limit;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        long room = Math.max(0, limit - written);
        int kept = (int) Math.min(room, length);
        if (kept > 0) {
            out.write(bytes, offset, kept);
            written += kept;
        }
        if (kept < length) {
            dropped += length - kept;
            if (!marked) {
                marked = true;
                note("berth: output cut here: the log keeps the first " + limit
                        + " bytes of a job's output (server.yaml max_log_size); the rest is not kept");
            }
        }
    }

    /** A line of Berth's own, outside the cap. */
    void note(String line) throws IOException {
        out.write(("\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Bytes of output not kept. */
    long dropped() {
        return dropped;
    }
}
