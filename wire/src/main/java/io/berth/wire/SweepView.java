package io.berth.wire;

import java.util.List;

/** A sweep: its id and its jobs, in the order of the parameter sets that made them. */
public record SweepView(String id, List<JobView> jobs) {}
