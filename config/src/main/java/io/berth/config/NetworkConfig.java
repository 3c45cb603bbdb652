package io.berth.config;

import io.berth.wire.JobSpec;
import java.util.List;
import java.util.Objects;

/**
 * The Docker networks of jobs ({@code network} and {@code allowed_networks} in server.yaml): the one a job
 * that names none joins, and those a job may name. {@code none} is always allowed (a job may always cut
 * itself off); any other network only if it is the server's default or the list names it, so a job cannot
 * join an operator's private network uninvited.
 *
 * @param defaultNetwork {@code bridge} unless the operator says otherwise
 * @param allowed        networks a job may name besides {@code none} and the default; {@code [bridge]} by default
 */
public record NetworkConfig(String defaultNetwork, List<String> allowed) {
    public static final String NONE = "none";
    public static final String BRIDGE = "bridge";

    public NetworkConfig {
        Objects.requireNonNull(defaultNetwork, "defaultNetwork");
        allowed = List.copyOf(allowed);
    }

    public static NetworkConfig defaults() {
        return new NetworkConfig(BRIDGE, List.of(BRIDGE));
    }

    /** Whether a job may name this network. */
    public boolean allows(String network) {
        return network.equals(NONE) || network.equals(defaultNetwork) || allowed.contains(network);
    }

    /** @throws ConfigException naming {@code key} unless each name is one Docker could have */
    static void checkNames(String key, List<String> names) {
        for (String name : names) {
            if (name == null || !JobSpec.NETWORK_NAME.matcher(name).matches()) {
                throw ConfigException.invalid(key, "must be " + JobSpec.NETWORK_NAME_RULE + ", got '" + name + "'");
            }
        }
    }
}
