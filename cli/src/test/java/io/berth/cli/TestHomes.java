package io.berth.cli;

import io.berth.config.BerthHome;
import io.berth.config.UserHome;
import java.nio.file.Path;

/**
 * Points {@code berth.home} and the user's home ({@code berth.user.home}) at a test's own directories, so an
 * in-process CLI never reads the real user's configs ({@code $HOME}, {@code ~/.foundations},
 * {@code $FOUNDATIONS_HOME}); {@link #close} puts back what was there.
 */
final class TestHomes implements AutoCloseable {
    private final String berthHomeBefore = System.getProperty(BerthHome.PROPERTY);
    private final String userHomeBefore = System.getProperty(UserHome.PROPERTY);

    /** {@code root/home} as Berth's home, {@code root/user-home} as the user's. */
    static TestHomes under(Path root) {
        return new TestHomes(root.resolve("home"), root.resolve("user-home"));
    }

    TestHomes(Path berthHome, Path userHome) {
        System.setProperty(BerthHome.PROPERTY, berthHome.toString());
        System.setProperty(UserHome.PROPERTY, userHome.toString());
    }

    @Override
    public void close() {
        restore(BerthHome.PROPERTY, berthHomeBefore);
        restore(UserHome.PROPERTY, userHomeBefore);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
