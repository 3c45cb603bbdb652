package io.berth.cli;

import io.berth.sdk.BerthClient;
import io.berth.sdk.JobDownload;
import io.berth.wire.JobView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "job", mixinStandardHelpOptions = true, description = "Download a finished job's archive and unpack it into <save-dir>/<job-id>/.")
final class GetJobCommand implements Callable<Integer> {
    @Mixin
    EnvOption env;

    @Parameters(index = "1", paramLabel = "<job-id>", description = "The job's id or a unique start of it.")
    String job;

    @Option(names = "--save-dir", paramLabel = "<dir>", description = "Where to unpack it (default: the current directory).")
    Path saveDir = Path.of(".");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BerthClient client = env.client();
        JobView view = client.job(job);
        Path target = saveDir.resolve(view.id());
        if (Files.exists(target) && !isEmptyDir(target)) {
            throw new UserError(ExitCodes.INVALID_INPUT, target + " already exists; remove it or choose another --save-dir");
        }
        JobDownload download = io.berth.sdk.Berth.of(client).job(view.id()).download(saveDir);
        Terminal terminal = new Terminal(spec);
        for (String link : download.linksLeftOut()) {
            terminal.note("left out the link " + Printable.of(link) + ": it points outside the job's directory");
        }
        terminal.say("saved job " + view.id() + " (" + view.state() + ") to " + target + ": " + contents(target));
        return ExitCodes.OK;
    }

    /** What the archive held of what users look for first, as it is on disk now. */
    private static String contents(Path target) {
        List<String> found = Stream.of("job/job_source/", "logs/", "metadata.json")
                .filter(name -> Files.exists(target.resolve(name)))
                .toList();
        return found.isEmpty() ? "nothing of the job's files (see " + target + ")" : String.join(", ", found);
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
