package io.berth.cli.server;

import io.berth.cli.BackgroundJvm;
import io.berth.cli.ExitCodes;
import io.berth.cli.UserError;
import io.berth.config.BerthHome;
import io.berth.config.SecurityConfig;
import io.berth.config.ServerConfig;
import io.berth.config.ServerConfigLoader;
import io.berth.config.TokenFile;
import io.berth.sdk.BerthClient;
import io.berth.sdk.ServerTrust;
import io.berth.sdk.UnauthorizedException;
import io.berth.wire.ServerStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the local server's config, pid file, log and tokens live, and how to reach it from its own machine. */
record ServerFiles(Path home, ServerConfig config) {

    static ServerFiles load() {
        Path home = BerthHome.path();
        return new ServerFiles(home, ServerConfigLoader.load(home));
    }

    /**
     * Refuses the filesystem root as a server's home (a {@code BERTH_HOME=/}, easily made by an empty variable in
     * a script): the server would write its token, log and data at the top of the filesystem, and every directory
     * on the machine would count as inside a Berth home, so no job could mount one.
     */
    void requireHomeOfItsOwn() {
        if (home.getParent() == null) {
            throw new UserError(ExitCodes.INVALID_INPUT, "BERTH_HOME is " + home + ", the filesystem's root: the"
                    + " server keeps its token, log and data in its home; give it a directory of its own"
                    + " (unset BERTH_HOME for ~/.berth)");
        }
    }

    Path pidFile() {
        return home.resolve("server.pid");
    }

    Path logFile() {
        return home.resolve("server.log");
    }

    TokenFile tokens() {
        return new TokenFile(security().tokensFile());
    }

    /** The server as this machine reaches it: a wildcard bind (0.0.0.0, ::) by loopback. */
    URI url() {
        return url(localHost(config.bind()));
    }

    private URI url(String host) {
        return URI.create((security().tls() == null ? "http" : "https") + "://" + address(host));
    }

    /** {@code host:port}, an IPv6 host in brackets. */
    private String address(String host) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + config.port();
    }

    /**
     * Where the server listens, as its start lines say it: the URL, and for a wildcard bind the address it is
     * bound to, so that an operator sees it is open beyond this machine ({@code 0.0.0.0:5000, every address of
     * this machine; here http://127.0.0.1:5000}).
     */
    String listening() {
        String bind = config.bind();
        String host = localHost(bind);
        return host.equals(bind) ? url(host).toString()
                : address(bind) + ", every address of this machine; here " + url(host);
    }

    /** With the server's own token, trusting exactly the certificate it serves, whatever host names that has. */
    BerthClient client() {
        return new BerthClient(url(), localToken(), security().tls() == null ? ServerTrust.jdkDefaults()
                : ServerTrust.exactly(security().tls().certificateChain()));
    }

    /**
     * The status of the server that answers at {@link #url()}.
     *
     * @throws UserError if it does not take this home's local token: it is another home's server
     */
    ServerStatus status() {
        ServerStatus status;
        try {
            status = client().status();
        } catch (UnauthorizedException e) {
            if (localToken() == null && runningProcess().isEmpty()) {
                // this home never started a server there: the one answering is another home's
                throw new UserError(ExitCodes.INVALID_INPUT, "the server answering at " + url() + " wants a token"
                        + " this home does not have (no " + security().localTokenFile() + "): it is another home's"
                        + " server. Give this home's server a port of its own (port: in "
                        + home.resolve(ServerConfigLoader.FILE_NAME) + ")");
            }
            throw new UserError(ExitCodes.UNAUTHORIZED, "a server answers at " + url() + " but refuses the token in "
                    + security().localTokenFile() + ": it was not started from " + home + " (BERTH_HOME), or that"
                    + " file was replaced while it ran");
        }
        if (status.dataDir() != null && !samePath(Path.of(status.dataDir()), config.dataDir())) {
            throw new UserError(ExitCodes.INVALID_INPUT, "the server answering at " + url() + " keeps its data in "
                    + status.dataDir() + ", not in " + config.dataDir() + ": it is another home's server. Give this"
                    + " home's server a port of its own (port: in " + home.resolve(ServerConfigLoader.FILE_NAME) + ")");
        }
        return status;
    }

    private static boolean samePath(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    Optional<ProcessHandle> runningProcess() {
        return BackgroundJvm.running(pidFile());
    }

    private SecurityConfig security() {
        return config.security();
    }

    /** The running server's own token; null while there is none (not started yet, or without tokens). */
    private String localToken() {
        try {
            return Files.readString(security().localTokenFile()).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static String localHost(String bind) {
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (address.isAnyLocalAddress()) {
                return address.getAddress().length == 4 ? "127.0.0.1" : "::1";
            }
        } catch (UnknownHostException e) {
            // the server refuses it at start, with the reason
        }
        return bind;
    }
}
