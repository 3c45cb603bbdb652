package io.berth.daemon.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-memory DependencyImages for unit tests of the core: a project with a requirements.txt runs in
 * {@code deps-<its first line>}, after "installing" it into the job's log; one whose first line is
 * {@code missing} fails to install, as pip would, with exit 1.
 */
public final class FakeDependencyImages implements DependencyImages {

    @Override
    public String imageFor(Job job, Path jobSource, OutputStream log) {
        Path requirements = jobSource.resolve(DependencyInstall.REQUIREMENTS_FILE);
        if (!Files.exists(requirements)) {
            return job.spec().image();
        }
        try {
            String first = Files.readAllLines(requirements).get(0);
            if (first.equals("missing")) {
                log.write("ERROR: No matching distribution found for missing\n".getBytes(StandardCharsets.UTF_8));
                throw DependencyInstallException.failed(DependencyInstall.REQUIREMENTS_FILE, 1);
            }
            log.write(("installed " + first + "\n").getBytes(StandardCharsets.UTF_8));
            return "deps-" + first;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
