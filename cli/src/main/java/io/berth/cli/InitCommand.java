package io.berth.cli;

import io.berth.config.ProjectTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Create a project from the template: main.py, job.config.yaml (every key, "
        + "commented), README.txt, .berthignore and data/.")
final class InitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<project>", description = "Directory to create; its name is the project's.")
    Path project;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path here = Berth.workingDir(spec);
        Path dir = here.resolve(project); // not normalized: the system reads p1x/../p1 only if p1x exists
        String projectName = ProjectTemplate.write(dir);
        Path name = dir.toAbsolutePath().normalize();
        String cd = name.equals(here) ? "" : "cd " + Cells.command(List.of(project.toString())) + " && ";
        new Terminal(spec).say("created project " + projectName + " in " + project + "; run it with: "
                + cd + "berth submit scheduler . main.py");
        return ExitCodes.OK;
    }
}
