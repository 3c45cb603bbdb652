package io.berth.daemon.core;

/** The labels on everything Berth creates in Docker; reconciling and reaping go by them. */
public final class ContainerLabels {
    public static final String MANAGED = "berth.managed";
    public static final String JOB_ID = "berth.job-id";
    public static final String ATTEMPT = "berth.attempt";
    /**
     * The server that made the container ({@code <data dir>/server-id}). Servers may share an engine: each takes
     * up and removes only its own containers.
     */
    public static final String SERVER = "berth.server";
    /**
     * What a Berth container is for when it is not a job's: {@link #DEPENDENCY_BUILD}. Containers inherit their
     * image's labels, so the images Berth derives set it to "" for the job containers made from them.
     */
    public static final String ROLE = "berth.role";
    /**
     * A container installing a job's dependencies; it is removed when the install ends. It has no {@link #JOB_ID}
     * (it is not the job's container) but {@link #INSTALL_FOR} and {@link #ATTEMPT}, so one a killed server left
     * behind can be told from one installing now.
     */
    public static final String DEPENDENCY_BUILD = "dependency-build";
    /** On a {@link #DEPENDENCY_BUILD} container: the job whose dependencies it installs. */
    public static final String INSTALL_FOR = "berth.deps.job-id";
    /** On an image Berth derived from a job's image with its dependencies installed. */
    public static final String MANAGED_IMAGE = "berth.managed-image";
    /** The {@code DependencyInstall} key of a derived image, and of the container that makes it. */
    public static final String DEPENDENCY_KEY = "berth.deps.key";
    /** The image a derived image was made from, as the job named it. */
    public static final String DEPENDENCY_BASE = "berth.deps.base";

    private ContainerLabels() {}
}
