package io.berth.cli;

import java.util.regex.Pattern;

/**
 * Ends the JVM once a command is done, without the 300 ms HotSpot waits at exit for threads that are in native
 * code ({@code VM_Exit::wait_for_threads_in_native_to_block}). The JDK's HttpClient keeps one there, its
 * selector thread, blocked in epoll for as long as the client lives, and JDK 17's HttpClient has no
 * {@code close()}; the thread's loop ends when it is interrupted, closing the client's connections.
 */
final class JvmExit {
    private static final Pattern HTTP_SELECTOR = Pattern.compile("HttpClient-\\d+-SelectorManager");
    private static final long JOIN_MILLIS = 100;

    private JvmExit() {}

    static void exit(int code) {
        Thread[] threads = new Thread[Thread.activeCount() + 8];
        int count = Thread.enumerate(threads);
        for (int i = 0; i < count; i++) {
            if (HTTP_SELECTOR.matcher(threads[i].getName()).matches()) {
                threads[i].interrupt();
                join(threads[i]);
            }
        }
        System.exit(code);
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // exiting anyway
        }
    }
}
