package io.berth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A submission config ({@code <env>.config.yaml}): which Berth server a named environment means.
 *
 * @param token       the secret sent as {@code Authorization: Bearer} to a server with tokens
 *                    ({@code berth login} writes it), or null
 * @param ignoredKeys Atlas keys found in the file that Berth accepts and ignores (host paths are the server's
 *                    business), so the CLI can say so
 * @param caCert      a PEM file of the CA certificates an {@code https} server's certificate must come from,
 *                    trusted instead of the JDK's; null: the JDK's
 */
public record SubmissionConfig(URI schedulerUrl, String token, List<String> ignoredKeys, Path caCert) {
    public SubmissionConfig {
        Objects.requireNonNull(schedulerUrl, "schedulerUrl");
        ignoredKeys = ignoredKeys == null ? List.of() : List.copyOf(ignoredKeys);
    }

    /** A config without a CA of its own. */
    public SubmissionConfig(URI schedulerUrl, String token, List<String> ignoredKeys) {
        this(schedulerUrl, token, ignoredKeys, null);
    }

    /** Checks a {@code scheduler_url} value: an absolute http or https URL with a host. */
    public static URI parseSchedulerUrl(String key, String value) {
        if (value == null || value.isBlank()) {
            throw ConfigException.invalid(key, "required, e.g. http://127.0.0.1:5000");
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ConfigException.invalid(key, "must be an http:// or https:// URL like http://127.0.0.1:5000, got '"
                + value + "'");
    }
}
