package io.berth.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "dev" when run from classes. */
public final class BerthVersion implements IVersionProvider {
    public static String get() {
        String version = BerthVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** What {@code berth --version} prints. */
    static String line() {
        return "berth " + get();
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }
}
