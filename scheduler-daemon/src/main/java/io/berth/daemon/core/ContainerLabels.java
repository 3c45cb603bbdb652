package io.berth.daemon.core;

/** The labels on everything Berth creates in Docker; reconciling and reaping go by them. */
public final class ContainerLabels {
    public static final String MANAGED = "berth.managed";
    public static final String JOB_ID = "berth.job-id";
    public static final String ATTEMPT = "berth.attempt";

    private ContainerLabels() {}
}
