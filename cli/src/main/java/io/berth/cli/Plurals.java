package io.berth.cli;

/** Counts with their noun in the right number: "1 file", "3 files". */
final class Plurals {
    private Plurals() {}

    /** @param noun the singular; the plural adds an "s" (every noun berth counts takes one) */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
