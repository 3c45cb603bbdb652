package io.berth.daemon;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import io.berth.daemon.docker.DockerClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Images a test builds from a Dockerfile (no registry needed: FROM an image the engine has), removed at close. */
final class TestImages implements AutoCloseable {
    private final DockerClients docker;
    private final Path contexts;
    private final List<String> built = new CopyOnWriteArrayList<>();

    TestImages(DockerClients docker, Path contexts) {
        this.docker = docker;
        this.contexts = contexts;
    }

    /** berth-worker:latest's base: a Debian or Docker Hub python3 image with no Berth file in it. */
    String plainPython() {
        return docker.call(c -> c.inspectImageCmd("berth-worker:latest").exec()).getConfig().getLabels()
                .get("berth.worker.base");
    }

    /** An image built from {@code dockerfile} and {@code files}, tagged {@code berth-test-<name>:<suffix>}. */
    String build(String name, String dockerfile, Map<String, String> files) {
        try {
            Path context = Files.createDirectories(contexts.resolve(name));
            Files.writeString(context.resolve("Dockerfile"), dockerfile);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = context.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            String tag = "berth-test-" + name + ":" + contexts.getFileName();
            docker.streams().buildImageCmd(context.toFile()).withTags(Set.of(tag)).withPull(false)
                    .exec(new BuildImageResultCallback()).awaitImageId();
            built.add(tag);
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (String image : built) {
            docker.call(c -> c.removeImageCmd(image).withForce(true).exec());
        }
    }
}
