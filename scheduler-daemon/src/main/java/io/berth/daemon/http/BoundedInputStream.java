package io.berth.daemon.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most {@code max} bytes of a body whose length was not announced, then fails with 413. */
final class BoundedInputStream extends FilterInputStream {
    private final long max;
    private long read;

    BoundedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(Math.max(n, 0));
        return n;
    }

    private void count(int n) throws IOException {
        read += n;
        if (read > max) {
            throw new IOException(new BodyTooLargeException(max));
        }
    }
}
