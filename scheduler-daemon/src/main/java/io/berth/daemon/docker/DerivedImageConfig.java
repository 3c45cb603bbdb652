package io.berth.daemon.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ContainerConfig;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.DependencyInstall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How an image with dependencies installed differs from the image it was made from: the venv first on PATH,
 * and its own labels. Everything else (entrypoint, command, working directory, user) is the base's: the
 * install ran as root in /job/job_source, which the derived image must not keep.
 *
 * <p>A commit copies whatever its container was created with, and the install container runs {@code sh -c};
 * docker-java's commit cannot set an entrypoint, so the derived image takes its configuration from a second
 * container, created (never started) with this configuration on top of the install's layer.
 */
record DerivedImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String user, String workingDir,
                          Map<String, String> labels) {
    /** What the engine gives a container whose image sets no PATH (images made by {@code docker import}). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /**
     * For a base with neither entrypoint nor command: the engine would otherwise fill both in from the install
     * container. Jobs always give their own command, so it only runs when someone starts the image by hand.
     */
    static final List<String> FALLBACK_CMD = List.of("/bin/sh");

    static DerivedImageConfig of(ContainerConfig base, String baseName, String key) {
        List<String> entrypoint = list(base == null ? null : base.getEntrypoint());
        List<String> cmd = list(base == null ? null : base.getCmd());
        if (entrypoint.isEmpty() && cmd.isEmpty()) {
            cmd = FALLBACK_CMD;
        }
        Map<String, String> labels = new HashMap<>();
        // the install container's own labels would pass to every job container made from the image
        labels.put(ContainerLabels.ROLE, "");
        labels.put(ContainerLabels.INSTALL_FOR, "");
        labels.put(ContainerLabels.SERVER, "");
        labels.put(ContainerLabels.MANAGED_IMAGE, "true");
        labels.put(ContainerLabels.DEPENDENCY_KEY, key);
        labels.put(ContainerLabels.DEPENDENCY_BASE, baseName);
        return new DerivedImageConfig(entrypoint, cmd, env(list(base == null ? null : base.getEnv())),
                base == null || base.getUser() == null ? "" : base.getUser(),
                base == null || base.getWorkingDir() == null ? "" : base.getWorkingDir(), labels);
    }

    /** The base's variables with the venv first on PATH, as if it had been activated. */
    private static List<String> env(List<String> baseEnv) {
        String path = DEFAULT_PATH;
        List<String> env = new ArrayList<>();
        for (String variable : baseEnv) {
            if (variable.startsWith("PATH=")) {
                path = variable.substring("PATH=".length());
            } else if (!variable.startsWith("VIRTUAL_ENV=")) {
                env.add(variable);
            }
        }
        env.add("PATH=" + DependencyInstall.VENV + "/bin:" + path);
        env.add("VIRTUAL_ENV=" + DependencyInstall.VENV);
        return env;
    }

    CreateContainerCmd applyTo(CreateContainerCmd create) {
        if (!entrypoint.isEmpty()) {
            create.withEntrypoint(entrypoint);
        }
        if (!cmd.isEmpty()) {
            create.withCmd(cmd);
        }
        // "" is the engine's default (root, /), which the install's own would otherwise replace
        return create.withEnv(env).withUser(user).withWorkingDir(workingDir).withLabels(labels);
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }
}
