package io.berth.daemon.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What a job needs installed on top of its image before it runs (docs/dependencies.md). A project's
 * {@code requirements.txt} is installed by {@link #DEFAULT_COMMAND} into a virtual environment at {@link #VENV};
 * an operator's {@code dependency_install_command} replaces that command and runs for every job.
 *
 * @param source             what the job's log and failure reason name: the file, or the server.yaml key
 * @param command            run with {@code sh -c} in the job's image, in /job/job_source
 * @param requirementsDigest SHA-256 of requirements.txt, or null when the project has none
 */
public record DependencyInstall(String source, String command, String requirementsDigest) {
    public static final String REQUIREMENTS_FILE = "requirements.txt";
    /** Where the default command installs; the derived image puts it first on PATH. */
    public static final String VENV = "/opt/berth/deps";
    /**
     * The venv sees the image's own packages, so only what requirements.txt adds is installed; with the image's
     * python3, or its python where it has only that (as Berth's entrypoint runs scripts).
     */
    public static final String DEFAULT_COMMAND = "python=$(command -v python3 || command -v python)"
            + " || { echo 'berth: the image has no python3 (nor python) to install requirements.txt with' >&2; exit 127; }"
            + " && \"$python\" -m venv --system-site-packages " + VENV + " && "
            + VENV + "/bin/pip install --no-input --no-cache-dir --disable-pip-version-check --progress-bar off"
            + " -r " + REQUIREMENTS_FILE;
    public static final String OPERATOR_SOURCE = "server.yaml's dependency_install_command";
    /** The same setting of an agent's machine. */
    public static final String AGENT_OPERATOR_SOURCE = "agent.yaml's dependency_install_command";

    public DependencyInstall {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(command, "command");
    }

    /**
     * The install a job of the project unpacked at {@code jobSource} needs; empty when it runs in its own image.
     *
     * @param operatorCommand the operator's {@code dependency_install_command}, or null for Berth's default
     * @param operatorSource  where that command is set, as a failure names it: {@link #OPERATOR_SOURCE} (server.yaml)
     *                        or {@link #AGENT_OPERATOR_SOURCE}
     */
    public static Optional<DependencyInstall> forProject(Path jobSource, String operatorCommand, String operatorSource) {
        Path requirements = jobSource.resolve(REQUIREMENTS_FILE);
        String digest = Files.isRegularFile(requirements) ? sha256(read(requirements)) : null;
        if (operatorCommand != null) {
            return Optional.of(new DependencyInstall(operatorSource, operatorCommand, digest));
        }
        return Optional.ofNullable(digest).map(d -> new DependencyInstall(REQUIREMENTS_FILE, DEFAULT_COMMAND, d));
    }

    /**
     * The derived image's identity, 64 hex digits: one per base image, requirements.txt content and command.
     * What requirements.txt refers to (wheel files, {@code -r} includes, an index's current versions) is not in it.
     */
    public String key(String baseImageId) {
        String identity = "berth-deps 1\nbase " + baseImageId
                + "\nrequirements " + (requirementsDigest == null ? "none" : requirementsDigest)
                + "\ncommand " + command;
        return sha256(identity.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
