package io.berth.daemon.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Where a Redis server is: {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://}
 * for TLS. Characters of the password that are special in URLs are percent-encoded. The password
 * never appears in {@link #toString()} or in an error message, because both end up in logs.
 */
public record RedisUrl(String host, int port, int database, String user, String password, boolean tls) {
    public static final int DEFAULT_PORT = 6379;

    public RedisUrl {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("redis port must be 1 to 65535, not " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("redis database must be 0 or more, not " + database);
        }
    }

    public static RedisUrl parse(String url) {
        URI uri = toUri(url);
        boolean tls = "rediss".equalsIgnoreCase(uri.getScheme());
        if (!tls && !"redis".equalsIgnoreCase(uri.getScheme())) {
            throw invalid(url, "it must start with redis:// or rediss://");
        }
        if (uri.getHost() == null) {
            throw invalid(url, "it names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(url, "options after ? or # are not supported");
        }
        String host = uri.getHost().replaceAll("^\\[|]$", "");
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String userInfo = uri.getUserInfo();
        if (userInfo == null) {
            return new RedisUrl(host, port, database(url, uri.getPath()), null, null, tls);
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            throw invalid(url, "write a password as redis://:PASSWORD@host (or redis://USER:PASSWORD@host)");
        }
        String user = colon == 0 ? null : userInfo.substring(0, colon);
        return new RedisUrl(host, port, database(url, uri.getPath()), user, userInfo.substring(colon + 1), tls);
    }

    @Override
    public String toString() {
        String auth = password == null ? "" : (user == null ? "" : user) + ":***@";
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "rediss" : "redis") + "://" + auth + h + ":" + port + "/" + database;
    }

    private static URI toUri(String url) {
        Objects.requireNonNull(url, "url");
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            throw invalid(url, "it is not a URL");
        }
    }

    private static int database(String url, String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            return Integer.parseInt(path.substring(1));
        } catch (NumberFormatException e) {
            throw invalid(url, "the path must be a database number, as in redis://host:6379/0");
        }
    }

    private static IllegalArgumentException invalid(String url, String why) {
        String redacted = url == null ? null : url.replaceAll("//[^/@]*@", "//***@");
        return new IllegalArgumentException("invalid redis URL '" + redacted + "': " + why);
    }
}
