package io.berth.daemon.core;

import io.berth.config.NetworkConfig;
import io.berth.wire.JobSpec;
import io.berth.wire.VolumeMount;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a job's spec may ask of the host. A client sends the spec, so nothing in it is trusted: volumes
 * that would hand a job the host (its root, system directories, the Docker socket, Berth's own data) are
 * refused unless the operator's allow-list names them, as are any Berth server's home and data directories, and
 * what holds or lies inside one ({@link BerthDirectories}); so are paths with {@code ..} or through
 * symlinks (what a link points at can change after the check), and paths that do not exist on the server
 * (Docker would create an empty one, and the job would run on nothing); environment variables must be plain
 * names with values of sane size; a network must be one the operator lets jobs join ({@link NetworkConfig}).
 * Privileges and capabilities cannot be asked for at all: the spec has no field for them.
 */
public final class SpecPolicy {
    private static final List<Path> HOST_PATHS = List.of("/", "/etc", "/proc", "/sys", "/dev", "/boot", "/root",
            "/run", "/var/run", "/var/lib/docker", "/var/lib/containerd", "/usr", "/bin", "/sbin", "/lib", "/lib64")
            .stream().map(Path::of).toList();
    private static final int MAX_ENV_VALUE = 32 * 1024;
    private static final int MAX_ENV_VARS = 512;
    private static final int MAX_VOLUMES = 64;
    /** Where a user wrote the volumes: job.config.yaml's key, not the API's field. */
    private static final String VOLUMES_KEY = "worker.volumes";

    private final List<Path> protectedPaths;
    private final List<Path> allowed;
    private final boolean runAsSubmitter;
    private final NetworkConfig networks;

    /**
     * @param berthPaths Berth's own directories (data directory, home): protected like the host's
     * @param allowList  host paths the operator lets jobs mount, with everything under them
     */
    public SpecPolicy(List<Path> berthPaths, List<Path> allowList) {
        this(berthPaths, allowList, false);
    }

    /** @param runAsSubmitter run jobs as the uid:gid their client sent, where the operator allows it */
    public SpecPolicy(List<Path> berthPaths, List<Path> allowList, boolean runAsSubmitter) {
        this(berthPaths, allowList, runAsSubmitter, NetworkConfig.defaults());
    }

    /** @param networks the network of jobs that name none, and those they may name */
    public SpecPolicy(List<Path> berthPaths, List<Path> allowList, boolean runAsSubmitter, NetworkConfig networks) {
        this.runAsSubmitter = runAsSubmitter;
        this.networks = networks;
        List<Path> all = new ArrayList<>(HOST_PATHS);
        berthPaths.forEach(p -> all.add(p.toAbsolutePath().normalize()));
        this.protectedPaths = List.copyOf(all);
        this.allowed = allowList.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /**
     * The spec as the server will run it: without the submitter's uid:gid unless the operator allows it, and on
     * the server's network unless it names one.
     */
    public JobSpec applied(JobSpec spec) {
        JobSpec applied = runAsSubmitter ? spec : spec.withRunAs(null);
        return applied.network() == null ? applied.withNetwork(networks.defaultNetwork()) : applied;
    }

    /**
     * The spec as read back from the store, just before its container is made: whoever can write the store (Redis)
     * could have written it, so it passes {@link #check} again, and must be one {@link #applied} could have made.
     *
     * @return the spec to run
     * @throws InvalidSubmissionException naming the check it fails
     */
    public JobSpec checkedAgain(JobSpec stored) {
        if (stored.runAs() != null && !runAsSubmitter) {
            throw new InvalidSubmissionException("runAs: " + stored.runAs() + ": this server does not run jobs as"
                    + " their submitter (run_jobs_as_submitter in server.yaml), so it never stores a uid");
        }
        JobSpec spec = applied(stored);
        check(spec);
        return spec;
    }

    /** @throws InvalidSubmissionException naming the volume or variable at fault */
    public void check(JobSpec spec) {
        if (spec.volumes().size() > MAX_VOLUMES) {
            throw new InvalidSubmissionException(VOLUMES_KEY + ": at most " + MAX_VOLUMES + " volumes, got " + spec.volumes().size());
        }
        spec.volumes().forEach(this::checkVolume);
        checkEnvironment(spec.environment());
        if (spec.network() != null && !networks.allows(spec.network())) {
            throw new InvalidSubmissionException("worker.network: this server does not let jobs join '" + spec.network()
                    + "'; they may name " + String.join(", ", allowedNetworks()) + " (allowed_networks in server.yaml)");
        }
    }

    private List<String> allowedNetworks() {
        List<String> names = new ArrayList<>(List.of(NetworkConfig.NONE, networks.defaultNetwork()));
        names.addAll(networks.allowed());
        return names.stream().distinct().toList();
    }

    private void checkVolume(VolumeMount volume) {
        String given = volume.hostPath();
        String key = VOLUMES_KEY + ": " + given;
        if (!given.startsWith("/")) {
            throw new InvalidSubmissionException(key + ": the host path must be absolute");
        }
        if (!volume.containerPath().startsWith("/") || volume.containerPath().contains("..")) {
            throw new InvalidSubmissionException(key + ": the path in the container must be absolute, without '..'");
        }
        Path path = Path.of(given);
        if (!path.normalize().toString().equals(stripTrailingSlash(given))) {
            throw new InvalidSubmissionException(key + ": write the path without '.', '..' or repeated slashes");
        }
        boolean allowedByOperator = allowed.stream().anyMatch(path::startsWith);
        if (!allowedByOperator) {
            refuseHostPaths(path, key);
        }
        Path real = realPath(path, key);
        // a link inside an allowed directory must not lead out of the allow-list (to /, say), and a path
        // nobody allowed must be the real one, or its link could lead anywhere the checks above refuse
        boolean linkStaysAllowed = allowedByOperator && allowedRealPaths().stream().anyMatch(real::startsWith);
        if (!real.equals(path) && !linkStaysAllowed) {
            throw new InvalidSubmissionException(key + ": goes through a symbolic link (to " + real + ")"
                    + (allowedByOperator ? " that leads out of volume_allow_list" : "") + "; name the real directory");
        }
        if (!allowedByOperator) {
            BerthDirectories.around(real).ifPresent(found -> {
                throw new InvalidSubmissionException(key + ": would give the job a Berth server's home or data"
                        + " directory (" + found + "), with its tokens and jobs; an operator can allow it with"
                        + " volume_allow_list in server.yaml");
            });
        }
    }

    /** Missing is said as such (Docker would make it, empty and root's); unreadable as that. */
    private static Path realPath(Path path, String key) {
        try {
            return path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InvalidSubmissionException(key + ": does not exist on the server; create it there first"
                    + " (volumes are directories or files of the server's machine)");
        } catch (IOException e) {
            throw new InvalidSubmissionException(key + ": the server cannot read it (" + e.getMessage() + ")");
        }
    }

    /** The allow-list as the file system resolves it: an allowed directory may itself be a link. */
    private List<Path> allowedRealPaths() {
        List<Path> real = new ArrayList<>();
        for (Path entry : allowed) {
            real.add(entry);
            try {
                real.add(entry.toRealPath());
            } catch (IOException missing) {
                // nothing under it exists either
            }
        }
        return real;
    }

    private void refuseHostPaths(Path path, String key) {
        for (Path hostPath : protectedPaths) {
            boolean root = hostPath.getNameCount() == 0;
            if (root ? path.equals(hostPath) : path.startsWith(hostPath) || hostPath.startsWith(path)) {
                throw new InvalidSubmissionException(key + ": would give the job " + (path.equals(hostPath)
                        ? hostPath : path.startsWith(hostPath) ? "part of " + hostPath : hostPath + " (it is inside)")
                        + " of the server's machine; an operator can allow it with volume_allow_list in server.yaml");
            }
        }
    }

    private static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static void checkEnvironment(Map<String, String> environment) {
        if (environment.size() > MAX_ENV_VARS) {
            throw new InvalidSubmissionException("environment: at most " + MAX_ENV_VARS + " variables, got "
                    + environment.size());
        }
        environment.forEach((name, value) -> {
            if (!JobSpec.VARIABLE_NAME.matcher(name).matches()) {
                throw new InvalidSubmissionException("environment: '" + name
                        + "' is not a variable name (" + JobSpec.VARIABLE_NAME_RULE + ")");
            }
            if (value == null || value.length() > MAX_ENV_VALUE || value.indexOf('\0') >= 0) {
                throw new InvalidSubmissionException("environment: " + name + ": the value must be text of at most "
                        + MAX_ENV_VALUE + " characters");
            }
        });
    }
}
