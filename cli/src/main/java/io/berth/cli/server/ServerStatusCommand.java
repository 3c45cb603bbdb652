package io.berth.cli.server;

import io.berth.cli.ExitCodes;
import io.berth.wire.ServerStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the local server runs, and how busy it is.")
final class ServerStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ServerFiles files = ServerFiles.load();
        ServerStatus status = files.client().status();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Berth server " + status.version() + " at " + files.url()
                + files.runningProcess().map(p -> " (pid " + p.pid() + ")").orElse(""));
        out.println("  slots:   " + status.running() + " of " + status.slots() + " in use");
        out.println("  queued:  " + status.queued());
        out.println("  redis:   " + status.redis());
        out.println("  data:    " + status.dataDir());
        out.flush();
        return ExitCodes.OK;
    }
}
