package io.berth.daemon.docker;

import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.DockerException;
import io.berth.daemon.core.ImageNotFoundException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One bounded attempt to fetch an image the engine lacks; most users have a registry, this machine has none. */
final class ImagePuller {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);

    private final DockerClients docker;
    private final Duration timeout;

    ImagePuller(DockerClients docker, Duration timeout) {
        this.docker = docker;
        this.timeout = timeout;
    }

    /** Pulls {@code image} or throws {@link ImageNotFoundException} saying why it could not. */
    void pull(String image) {
        LOG.info("pulling image {} (at most {} s)", image, timeout.toSeconds());
        PullImageCmd cmd = docker.streams().pullImageCmd(image);
        String tag = defaultTag(image);
        if (tag != null) {
            cmd.withTag(tag);
        }
        PullCallback pull = cmd.exec(new PullCallback());
        try {
            if (!pull.awaitEnd(timeout)) {
                String why = "it did not finish within " + timeout.toSeconds() + " s";
                throw new ImageNotFoundException(image, why, new TimeoutException(why));
            }
            LOG.info("pulled image {}", image);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageNotFoundException(image, e);
        } catch (ImageNotFoundException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("could not pull image {}: {}", image, describe(e));
            throw new ImageNotFoundException(image, describe(e), e);
        } finally {
            pull.closeQuietly();
        }
    }

    private static String describe(RuntimeException e) {
        return e instanceof DockerException d ? DockerErrors.message(d) : e.getMessage();
    }

    /**
     * "latest" for a reference with neither tag nor digest: the engine reads an empty tag as "every
     * tag of the repository". Null when the reference already says which image it means.
     */
    static String defaultTag(String image) {
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        return lastSegment.contains(":") || lastSegment.contains("@") ? null : "latest";
    }
}
