package io.berth.wire;

import java.util.List;

/** What an operation on many jobs (a whole sweep) did: the ids it acted on and those it left, with why. */
public record BulkResult(List<String> done, List<Skipped> skipped) {
    public record Skipped(String id, String reason) {}
}
