package io.berth.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An agent's settings ({@code $BERTH_HOME/agent.yaml}) with every default applied: which head it joins, as whom,
 * and what it offers to the head's jobs.
 *
 * @param server     the head's URL; null until given (by {@code server:} or {@code --server})
 * @param tokenFile  a file holding the token the head issued for it ({@code berth server token create}); null for
 *                   none (a head on its own machine's loopback without tokens)
 * @param caCert     the certificate authorities an {@code https} head's certificate is checked against; null for
 *                   the JDK's
 * @param name       how the head knows it; the machine's host name unless set
 * @param dockerHost the Docker engine its jobs run on; null for the environment's default
 * @param scheduling the CPUs, memory and GPUs it offers (null: all of the machine's)
 * @param labels     what jobs' {@code worker.constraints} may ask for, e.g. {@code gpu_model: a100}
 * @param dependencyInstallCommand this machine's operator's setup step for every job's image (as the head's
 *                   {@code dependency_install_command}); null for Berth's default
 * @param dependencyInstallTimeout how long one dependency install may take before its job fails
 */
public record AgentConfig(URI server, Path tokenFile, Path caCert, String name, String dockerHost, int slots,
                          SchedulingConfig scheduling, Map<String, String> labels, String dependencyInstallCommand,
                          Duration dependencyInstallTimeout) {
    public static final int DEFAULT_SLOTS = ServerConfig.DEFAULT_SLOTS;
    /** Host-name-like, so that it reads well in tables and logs and is safe in a URL path and a Redis key. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62})");

    public AgentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheduling, "scheduling");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Objects.requireNonNull(dependencyInstallTimeout, "dependencyInstallTimeout");
    }

    public static AgentConfig defaults(String hostName) {
        return new AgentConfig(null, null, null, AgentConfigFile.nameOf(hostName), null, DEFAULT_SLOTS,
                SchedulingConfig.defaults(), Map.of(), null, ServerConfig.DEFAULT_DEPENDENCY_INSTALL_TIMEOUT);
    }

    /** Whether an agent may be called this: lower-case letters, digits, '.', '_' and '-', at most 63. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** As given on the command line ({@code --server}, {@code --token-file}), over the file's. */
    public AgentConfig with(URI newServer, Path newTokenFile) {
        return new AgentConfig(newServer == null ? server : newServer, newTokenFile == null ? tokenFile : newTokenFile,
                caCert, name, dockerHost, slots, scheduling, labels, dependencyInstallCommand, dependencyInstallTimeout);
    }
}
