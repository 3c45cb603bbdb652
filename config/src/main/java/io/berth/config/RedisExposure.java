package io.berth.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a {@code redis_url} leaves the server's jobs to whoever can reach that Redis. Whoever can write it can
 * queue or rewrite jobs (the server checks each spec again before running it, but can still be told to run any
 * allowed job, or to forget one), so a Redis on another machine needs a password (or an ACL user with one) and
 * TLS ({@code rediss://}), unless the operator says the network is trusted ({@code redis_insecure: true}).
 *
 * <p>On this machine is a loopback address ({@code 127.0.0.0/8}, {@code ::1}) or {@code localhost}, written as
 * such: names are not looked up, since what a name resolves to can change. Redis over a unix socket is not
 * supported by {@code redis_url}.
 */
final class RedisExposure {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private RedisExposure() {}

    /** Why the URL is refused, or empty if it is on this machine, or has both a password and TLS. */
    static Optional<String> whyRefused(URI url) {
        if (isLoopback(url.getHost())) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (!hasPassword(url)) {
            missing.add("without a password");
        }
        if (!"rediss".equalsIgnoreCase(url.getScheme())) {
            missing.add("without TLS");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String where = url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        return Optional.of(where + " is reached over the network " + String.join(" and ", missing)
                + ": whoever can reach it could queue and change this server's jobs. Give it a password"
                + " (redis://:PASSWORD@host or redis://USER:PASSWORD@host) and TLS (rediss://), or set"
                + " redis_insecure: true where the network between them is trusted");
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false;
        }
        try {
            // a literal address: parsed, never looked up
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    private static boolean hasPassword(URI url) {
        String userInfo = url.getUserInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        return colon >= 0 && colon < userInfo.length() - 1;
    }
}
