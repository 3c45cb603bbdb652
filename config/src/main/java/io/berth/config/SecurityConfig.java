package io.berth.config;

import java.nio.file.Path;

/**
 * Who may use the server, and over what.
 *
 * @param tokensFile     the tokens clients authenticate with ({@link TokenFile}), or null for none at all
 * @param localTokenFile where the running server keeps a token of its own for the commands of its machine
 *                       ({@code berth server status}), or null for none
 * @param tls            the certificate and key to serve HTTPS with, or null for plain HTTP
 * @param runJobsAsSubmitter run each job's container as the uid:gid its client sent, so what it writes to
 *                       volumes belongs to its submitter, not root (only for clients an operator trusts)
 */
public record SecurityConfig(Path tokensFile, Path localTokenFile, TlsConfig tls, boolean runJobsAsSubmitter) {

    public SecurityConfig(Path tokensFile, Path localTokenFile, TlsConfig tls) {
        this(tokensFile, localTokenFile, tls, false);
    }
    public static final String LOCAL_TOKEN_FILE = "server.token";

    /** No tokens and plain HTTP: the server may only listen on a loopback address. */
    public static SecurityConfig none() {
        return new SecurityConfig(null, null, null);
    }

    /** The tokens in {@code $BERTH_HOME/tokens.json}, the local token beside them, plain HTTP. */
    public static SecurityConfig inHome(Path berthHome) {
        return new SecurityConfig(berthHome.resolve(TokenFile.FILE_NAME), berthHome.resolve(LOCAL_TOKEN_FILE), null);
    }

    public SecurityConfig withTls(TlsConfig newTls) {
        return new SecurityConfig(tokensFile, localTokenFile, newTls, runJobsAsSubmitter);
    }

    public SecurityConfig withRunJobsAsSubmitter(boolean runAsSubmitter) {
        return new SecurityConfig(tokensFile, localTokenFile, tls, runAsSubmitter);
    }
}
