package io.berth.config;

import java.nio.file.Path;

/**
 * The user's home directory, found as git, docker and Berth's Python client find it: {@code $HOME} when it
 * is set and not empty (under {@code sudo -E}, in containers and CI it may differ from the passwd entry),
 * else the JVM's {@code user.home} (the passwd entry). The system property {@code berth.user.home} (tests)
 * wins over both and stands for the user's whole environment: while it is set, {@code $HOME},
 * {@code $BERTH_HOME} and {@code $FOUNDATIONS_HOME} are not read, so a test never sees the real user's configs.
 */
public final class UserHome {
    public static final String PROPERTY = "berth.user.home";

    private UserHome() {}

    public static Path path() {
        return resolve(System.getProperty(PROPERTY), System.getenv("HOME"), System.getProperty("user.home"));
    }

    static Path resolve(String property, String homeVariable, String javaUserHome) {
        if (property != null && !property.isEmpty()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        if (homeVariable != null && !homeVariable.isEmpty()) {
            return Path.of(homeVariable).toAbsolutePath().normalize();
        }
        return Path.of(javaUserHome);
    }

    /** The user's environment variable {@code name}; null when it is not set or a test stands in for the user. */
    static String variable(String name) {
        String property = System.getProperty(PROPERTY);
        return property != null && !property.isEmpty() ? null : System.getenv(name);
    }
}
