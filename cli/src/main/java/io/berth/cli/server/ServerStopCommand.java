package io.berth.cli.server;

import io.berth.cli.ExitCodes;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the server started with 'berth server start'. Running job containers "
        + "are left running.")
final class ServerStopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerFiles files = ServerFiles.load();
        Optional<ProcessHandle> process = files.runningProcess();
        if (process.isEmpty()) {
            spec.commandLine().getOut().println("no Berth server is running (no live pid in " + files.pidFile() + ")");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        ProcessHandle server = process.get();
        server.destroy();
        try {
            server.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            server.destroyForcibly();
        }
        spec.commandLine().getOut().println("stopped the Berth server (pid " + server.pid() + ")");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
