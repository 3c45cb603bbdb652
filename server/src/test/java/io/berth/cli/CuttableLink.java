package io.berth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second "machine" on this one: a network namespace joined to the host by a veth pair, whose link can be cut
 * (every packet in and out dropped, as a pulled cable or a partition drops them: no reset, no error) and restored.
 * Processes run in it with {@link #command}; they still reach the host's Docker engine, whose socket is a file.
 * Needs root, as the tests' Docker engine does.
 */
final class CuttableLink implements AutoCloseable {
    private final String namespace;
    private final String hostAddress;

    private CuttableLink(String namespace, String hostAddress) {
        this.namespace = namespace;
        this.hostAddress = hostAddress;
    }

    /** A namespace named after this JVM, with 10.213.N.1 on the host's side of the link and 10.213.N.2 on its own. */
    static CuttableLink create() throws IOException {
        long pid = ProcessHandle.current().pid();
        String namespace = "berth-it-" + pid;
        String hostSide = "bit" + pid + "h";
        String subnet = "10.213." + (pid % 250) + ".";
        ip("netns", "add", namespace);
        CuttableLink link = new CuttableLink(namespace, subnet + "1");
        try {
            ip("link", "add", hostSide, "type", "veth", "peer", "name", "bit" + pid + "a");
            ip("link", "set", "bit" + pid + "a", "netns", namespace);
            ip("addr", "add", subnet + "1/30", "dev", hostSide);
            ip("link", "set", hostSide, "up");
            link.inside("ip", "addr", "add", subnet + "2/30", "dev", "bit" + pid + "a");
            link.inside("ip", "link", "set", "bit" + pid + "a", "up");
            link.inside("ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    /** The host's address on the link: what a server the namespace's processes reach must listen on. */
    String hostAddress() {
        return hostAddress;
    }

    /** The command, to run in the namespace. */
    List<String> command(List<String> command) {
        List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        inside.addAll(command);
        return inside;
    }

    /** Drops every packet into and out of the namespace from now on. */
    void cut() throws IOException {
        inside("iptables", "-I", "INPUT", "-j", "DROP");
        inside("iptables", "-I", "OUTPUT", "-j", "DROP");
    }

    /** Lets packets through again. */
    void restore() throws IOException {
        inside("iptables", "-F");
    }

    /** Deletes the namespace, and with it both ends of the link; processes still in it lose their network. */
    @Override
    public void close() {
        try {
            ip("netns", "del", namespace);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not delete network namespace " + namespace + ": " + e.getMessage());
        }
    }

    private void inside(String... command) throws IOException {
        run(command(List.of(command)));
    }

    private static void ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
