package io.berth.sdk;

import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes that reached the stream underneath, and remembers whether that stream itself failed. */
final class CountingOutputStream extends OutputStream {
    private final OutputStream out;
    private long count;
    private boolean broken;

    CountingOutputStream(OutputStream out) {
        this.out = out;
    }

    long count() {
        return count;
    }

    /** True once a write or flush to the stream underneath has thrown: a failure on the caller's side. */
    boolean broken() {
        return broken;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
        count += len;
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }
}
