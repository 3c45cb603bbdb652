package io.berth.wire;

import java.util.List;

/** What clear-queue removed from the queue. */
public record ClearQueueResponse(int removed, List<String> ids) {}
