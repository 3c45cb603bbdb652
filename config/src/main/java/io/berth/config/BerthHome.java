package io.berth.config;

import java.nio.file.Path;

/**
 * Berth's per-user directory: the system property {@code berth.home} (tests), else {@code $BERTH_HOME}, else
 * {@code .berth} in the {@link UserHome}. The system property wins so tests never touch the real home.
 */
public final class BerthHome {
    public static final String ENV = "BERTH_HOME";
    public static final String PROPERTY = "berth.home";

    private BerthHome() {}

    public static Path path() {
        return resolve(System.getProperty(PROPERTY), UserHome.variable(ENV), UserHome.path());
    }

    static Path resolve(String property, String env, Path userHome) {
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return userHome.resolve(".berth");
    }

    /** A path from a config file: {@code ~/x} is the user's, a relative path is relative to {@code base}. */
    static Path resolveUserPath(Path base, String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(UserHome.path() + path.substring(1)).normalize();
        }
        return base.resolve(path).normalize();
    }

    /** Where the user's submission configs live: {@code <home>/config/submission}. */
    public static Path submissionDir(Path home) {
        return home.resolve("config").resolve("submission");
    }
}
