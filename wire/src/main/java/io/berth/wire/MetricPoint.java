package io.berth.wire;

import java.time.Instant;

/** One logged value of a metric: a number, a string, or a list of them. */
public record MetricPoint(Object value, long step, Instant time) {}
