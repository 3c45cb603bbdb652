package io.berth.sdk;

import io.berth.archive.SafeTarExtractor;
import io.berth.archive.SafeTarExtractor.OutsideLinks;
import io.berth.archive.UnpackException;
import io.berth.wire.JobDetails;
import io.berth.wire.JobView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One job on the server, by its full id. Every call asks the server afresh; the handle itself holds no
 * state, so it is cheap, thread-safe, and still good after the program that made it has gone.
 */
public final class JobHandle {
    /** How often a broken log stream is opened again before {@link #followLogs} gives up. */
    static final int LOG_RECONNECTS = 10;
    /** Job archives are the job's own output: no caps, and links to its volumes are left out, not refused. */
    private static final SafeTarExtractor ARCHIVES =
            new SafeTarExtractor(Long.MAX_VALUE, Integer.MAX_VALUE, OutsideLinks.LEAVE_OUT);

    private final BerthClient client;
    private final String id;

    JobHandle(BerthClient client, String id) {
        this.client = client;
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The job as the server has it now: state, params, latest metrics, times, exit code, reason. */
    public JobView view() {
        return client.job(id);
    }

    /** queued, starting, running, completed, failed or stopped. */
    public String status() {
        return view().state();
    }

    /**
     * Waits until the job has finished (completed, failed or stopped), asking every 100 ms at first and every
     * 500 ms after a second.
     *
     * @return the finished job
     * @throws AwaitTimeoutException naming the job and its state if it has not finished within {@code timeout};
     *                               the job goes on
     */
    public JobView await(Duration timeout) {
        Polling polling = Polling.upTo(timeout);
        while (true) {
            JobView job = ServerOutages.waitOut(() -> client.job(id), () -> { }, polling.left());
            if (job.finished()) {
                return job;
            }
            if (polling.expired()) {
                throw AwaitTimeoutException.job(id, job.state(), timeout);
            }
            polling.pause();
        }
    }

    /** The log of the job's latest attempt so far, whole (empty while it is queued). */
    public String logs() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.streamLogs(id, false, 0, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Copies the log to {@code out} as the job writes it, until the job has finished and its log is complete,
     * going on into the next attempt's log when the job runs again. If the connection breaks, it is opened
     * again where it broke off (up to 10 times in a row; while nothing answers, a restart, for up to
     * {@link ServerOutages#TOLERATED}).
     *
     * @return the finished job
     */
    public JobView followLogs(OutputStream out) {
        CountingOutputStream counted = new CountingOutputStream(out);
        // the log the count starts in, however often the stream is opened again (a queued job writes its first)
        int attempt = Math.max(1, client.job(id).attempt());
        int failures = 0;
        while (true) {
            try {
                // a server that does not answer at all (a restart) is asked again as any other wait asks it
                ServerOutages.waitOut(() -> client.streamLogs(id, attempt, true, counted.count(), counted));
                JobView job = ServerOutages.waitOut(() -> client.job(id));
                if (job.finished()) {
                    client.streamLogs(id, attempt, false, counted.count(), counted); // anything after the stream closed
                    return job;
                }
                failures = 0; // the server ended the stream early (a restart): follow on
            } catch (BerthApiException | ServerCertificateException | ServerUnreachableException e) {
                // the server said no, is not the server, or stayed away too long: connecting again changes none
                throw e;
            } catch (BerthException e) {
                if (counted.broken() || ++failures > LOG_RECONNECTS) {
                    throw e;
                }
                sleep(Math.min(2000, 100L << failures));
            }
        }
    }

    /** The parameters the job was submitted with. */
    public Map<String, Object> params() {
        return view().params();
    }

    /** The latest value of each metric the job has logged so far. */
    public Map<String, Object> metrics() {
        return view().metrics();
    }

    /** Everything the job reported: params it logged itself, each metric's history, tags, artifacts. */
    public JobDetails details() {
        return client.details(id);
    }

    /**
     * Downloads the finished job's archive and unpacks it into {@code dir/<id>/}: {@code job/job_source/},
     * {@code job/berth/}, {@code logs/}, {@code metadata.json}. Nothing is written outside that directory;
     * links in the archive that point outside it are left out and listed in the answer.
     *
     * @throws BerthApiException with code {@code no_archive} while the job has not finished
     * @throws BerthException    if {@code dir/<id>} exists and is not empty, or the archive cannot be unpacked
     */
    public JobDownload download(Path dir) {
        Path target = dir.resolve(id);
        Path archive = null;
        try {
            if (Files.isDirectory(target) && !isEmpty(target) || Files.exists(target) && !Files.isDirectory(target)) {
                throw new BerthException(target + " already exists; remove it or choose another directory");
            }
            Files.createDirectories(dir);
            archive = Files.createTempFile(dir, ".berth-" + id + "-", ".tar.gz");
            client.downloadArchive(id, archive);
            return new JobDownload(target, ARCHIVES.extract(archive, target));
        } catch (IOException e) {
            throw new BerthException("cannot save job " + id + " to " + dir + ": " + e.getMessage(), e);
        } catch (UnpackException e) {
            throw new BerthException("cannot unpack the archive of job " + id + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(archive);
        }
    }

    /**
     * Asks the server to stop the job: a queued one leaves the queue at once, a running one gets SIGTERM, then
     * SIGKILL after the server's grace period. Use {@link #await} to wait until it has ended.
     *
     * @return the job as the server has it right after the request
     * @throws BerthApiException with code {@code conflict} if it has already finished
     */
    public JobView stop() {
        return client.stop(id);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobHandle that && that.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "job " + id;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover temporary file is not worth failing for
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("interrupted while following a log", e);
        }
    }
}
