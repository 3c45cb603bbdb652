package io.berth.daemon.cluster;

/** No agent of that name has joined this head. */
public final class AgentNotFoundException extends RuntimeException {
    public AgentNotFoundException(String name) {
        super("no agent named '" + name + "' has joined this server");
    }
}
