package io.berth.sdk;

import java.net.HttpURLConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exchanges a client has open, so that closing it cuts them off: a thread blocked in a socket read does not
 * notice being interrupted, and an agent being stopped must not go on waiting for (and so taking) work.
 */
final class OpenCalls {
    private final Set<HttpURLConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    /** @throws BerthException once the calls were cut: the client is being closed */
    void add(HttpURLConnection connection) {
        open.add(connection);
        if (cut) {
            open.remove(connection);
            throw new BerthException("the client was closed");
        }
    }

    void remove(HttpURLConnection connection) {
        open.remove(connection);
    }

    /** @throws BerthException if the calls were cut: an exchange that was connecting then is given up now */
    void checkNotCut() {
        if (cut) {
            throw new BerthException("the client was closed");
        }
    }

    boolean isCut() {
        return cut;
    }

    /** Cuts off every exchange open now, and any opened from now on. */
    void cutAll() {
        cut = true;
        open.forEach(HttpURLConnection::disconnect);
    }
}
