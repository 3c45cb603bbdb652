package io.berth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A project directory for a test: {@code aProject("demo").withMain("print(1)").writeUnder(tmp)}. */
final class TestProject {
    private final String name;
    private final Map<String, String> files = new LinkedHashMap<>();

    private TestProject(String name) {
        this.name = name;
    }

    /** A project whose job.config.yaml names it {@code name}, and whose main.py does nothing. */
    static TestProject aProject(String name) {
        return new TestProject(name)
                .withJobConfig("project_name: " + name + "\n")
                .withMain("print('hello from " + name + "')\n");
    }

    TestProject withMain(String python) {
        return withFile("main.py", python);
    }

    /** Replaces the whole job.config.yaml. */
    TestProject withJobConfig(String yaml) {
        return withFile("job.config.yaml", yaml);
    }

    /** No job.config.yaml: the project is named after its directory. */
    TestProject withoutJobConfig() {
        files.remove("job.config.yaml");
        return this;
    }

    TestProject withFile(String relativePath, String content) {
        files.put(relativePath, content);
        return this;
    }

    /** Writes the project to {@code parent/<name>} and returns that directory. */
    Path writeUnder(Path parent) {
        Path dir = parent.resolve(name);
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
