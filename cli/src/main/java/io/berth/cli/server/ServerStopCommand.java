package io.berth.cli.server;

import io.berth.cli.BackgroundJvm;
import io.berth.cli.ExitCodes;
import java.util.Optional;
import java.util.concurrent.Callable;
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
        BackgroundJvm.stop(server);
        spec.commandLine().getOut().println("stopped the Berth server (pid " + server.pid() + ")");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
