package io.berth.daemon.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a log's bytes into whole lines, as server-sent events carry them: {@code \n}, {@code \r\n} and a lone
 * {@code \r} each end a line (a progress bar's {@code \r} updates are lines of their own). A line whose end has
 * not come yet is held until it does, or until {@link #MAX_LINE} bytes of it wait, or the log is whole
 * ({@link #rest}). Lines are decoded as UTF-8 with a replacement character for bytes that are not, while what
 * was taken is counted in bytes, so that offsets stay exact.
 */
final class LogLines {
    /** A line that long without its end goes out as it is; the rest comes as the next line. */
    static final int MAX_LINE = 64 * 1024;

    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    /** Lines, and the bytes of the log they took (their ends included). */
    record Taken(List<String> lines, long bytes) {}

    /** Bytes of the log read but not yet given out in a line. */
    int held() {
        return held.size();
    }

    /** Adds what was read next, and gives out the lines it ended. */
    Taken take(byte[] bytes, int length) {
        held.write(bytes, 0, length);
        byte[] all = held.toByteArray();
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < all.length) {
            byte b = all[i];
            if (b == '\n' || b == '\r') {
                if (b == '\r' && i + 1 == all.length) {
                    break; // a \r\n may be arriving in halves: wait for the next byte
                }
                lines.add(decode(all, start, i));
                i += b == '\r' && all[i + 1] == '\n' ? 2 : 1;
                start = i;
            } else if (i + 1 - start >= MAX_LINE) {
                int cut = utf8Boundary(all, start, i + 1);
                lines.add(decode(all, start, cut));
                start = cut;
                i = cut;
            } else {
                i++;
            }
        }
        held.reset();
        held.write(all, start, all.length - start);
        return new Taken(lines, start);
    }

    /** The log is whole: what is held is its last line, or a lone {@code \r} ending the one before. */
    Taken rest() {
        byte[] all = held.toByteArray();
        held.reset();
        if (all.length == 0) {
            return new Taken(List.of(), 0);
        }
        boolean endsWithCr = all[all.length - 1] == '\r';
        return new Taken(List.of(decode(all, 0, endsWithCr ? all.length - 1 : all.length)), all.length);
    }

    private static String decode(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /** Where to cut at or before {@code end} without splitting a UTF-8 character (never at {@code start}). */
    private static int utf8Boundary(byte[] bytes, int start, int end) {
        int lead = end - 1;
        while (lead > start && end - lead < 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int b = bytes[lead] & 0xFF;
        int length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + length > end && lead > start ? lead : end;
    }
}
