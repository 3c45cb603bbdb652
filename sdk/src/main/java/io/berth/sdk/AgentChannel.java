package io.berth.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls an agent makes to its head to run the jobs it is given, under {@code /api/v1/agents/<name>/}, so that
 * only that agent's token may make them. Bodies are passed through as bytes: jobs are the head's own records,
 * which the SDK does not model. Every call the head refuses as fenced (the job is no longer this agent's, in this
 * attempt) throws {@link BerthApiException} with status 409 and code {@value #FENCED}.
 */
public final class AgentChannel {
    /** The error of a report the head refuses because the job is no longer the agent's in that attempt. */
    public static final String FENCED = "fenced";
    /** The error of a job write that lost a race with another change (the agent reads the job again). */
    public static final String CONFLICT = "conflict";

    /**
     * How long a bundle's download or an archive's upload may go without a byte before it is given up: a head cut off
     * mid-transfer sends or takes nothing more, and nothing else would end the wait soon (TCP never does for a side
     * that only reads, and takes about a quarter of an hour for one that writes).
     */
    static final Duration STALL = Duration.ofSeconds(60);
    /** Ends downloads that stall; one daemon thread for every channel of the agent. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "berth-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final ApiTransport transport;
    private final String base;
    private final Duration stall;

    AgentChannel(ApiTransport transport, String agent) {
        this(transport, agent, STALL);
    }

    AgentChannel(ApiTransport transport, String agent, Duration stall) {
        this.transport = transport;
        this.stall = stall;
        this.base = "/agents/" + BerthClient.segment(agent);
    }

    /**
     * Waits up to {@code wait} for work: JSON of the jobs to run and the containers to stop. {@code running} (JSON)
     * lists the jobs the agent runs now.
     */
    public byte[] work(byte[] running, Duration wait) {
        return transport.exchange(transport.request(base + "/work?waitMs=" + wait.toMillis())
                .timeout(wait.plus(ApiTransport.CALL_TIMEOUT)).header("Content-Type", ApiTransport.JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(running)).build());
    }

    /** The job's record as the head has it (JSON), while it is this agent's. */
    public byte[] job(String jobId) {
        return transport.exchange(transport.request(base + "/jobs/" + BerthClient.segment(jobId))
                .timeout(ApiTransport.CALL_TIMEOUT).GET().build());
    }

    /**
     * Writes the job's next version (JSON), made in {@code attempt}, if the head's still has {@code expectedVersion}:
     * true if written, false if someone changed it first ({@value #CONFLICT}).
     */
    public boolean replaceJob(String jobId, int attempt, long expectedVersion, byte[] next) {
        try {
            transport.exchange(transport.request(base + "/jobs/" + BerthClient.segment(jobId) + "?attempt=" + attempt
                    + "&expectedVersion=" + expectedVersion).timeout(ApiTransport.CALL_TIMEOUT).header("Content-Type", ApiTransport.JSON)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(next)).build());
            return true;
        } catch (BerthApiException e) {
            if (e.status() == 409 && CONFLICT.equals(e.code())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Appends bytes of the attempt's log from byte {@code offset} on (-1: nothing, just ask); returns the log's length
     * at the head.
     */
    public long appendLog(String jobId, int attempt, long offset, byte[] bytes) {
        byte[] answer = transport.exchange(transport.request(jobPath(jobId, "log") + "?attempt=" + attempt
                        + "&offset=" + offset).timeout(ApiTransport.CALL_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        return Long.parseLong(new String(answer, java.nio.charset.StandardCharsets.US_ASCII).strip());
    }

    /** What the job's results store answers (JSON) to an agent's results call ({@code offset}, {@code append}, ...). */
    public byte[] results(String jobId, int attempt, String call, byte[] body) {
        return transport.exchange(transport.request(jobPath(jobId, "results/" + call) + "?attempt=" + attempt)
                .timeout(ApiTransport.CALL_TIMEOUT).header("Content-Type", ApiTransport.JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /**
     * Sends the finished attempt's archive (tar.gz); the head keeps it as the job's. Given up (to be sent again) if the
     * head takes nothing of it for the stall limit, as a download is.
     */
    public void uploadArchive(String jobId, int attempt, Path archive) {
        AtomicLong sent = new AtomicLong();
        HttpRequest request;
        try {
            request = transport.request(jobPath(jobId, "archive") + "?attempt=" + attempt)
                    .header("Content-Type", "application/gzip").PUT(new ProgressBodyPublisher(archive, sent::set))
                    .build();
        } catch (java.io.FileNotFoundException e) {
            throw new BerthException("cannot read the archive " + archive, e);
        }
        transport.exchangeUnlessStalled(request, sent, stall);
    }

    /** Downloads a bundle the head stores into {@code target} (written whole or not at all); empty if it has none. */
    public Optional<Path> fetchBundle(String digest, Path target) {
        // the timeout lasts until the answer's headers; the body has its stall limit
        HttpRequest request = transport.request(base + "/bundles/" + BerthClient.checkDigest(digest))
                .timeout(ApiTransport.CALL_TIMEOUT).GET().build();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            HttpResponse<InputStream> response = transport.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() == 404) {
                    return Optional.empty();
                }
                if (response.statusCode() >= 300) {
                    transport.check(request, response.statusCode(), in.readAllBytes());
                }
                Files.createDirectories(target.getParent());
                copyUnlessStalled(in, partial);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new BerthException("fetching bundle " + digest + " from " + transport.baseUrl() + " failed: " + e, e);
        }
    }

    /** Copies the download to {@code file}; throws if no byte arrives for {@link #stall}. */
    private void copyUnlessStalled(InputStream in, Path file) throws IOException {
        AtomicBoolean stalled = new AtomicBoolean();
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                ScheduledFuture<?> abort = WATCHDOG.schedule(() -> {
                    stalled.set(true);
                    closeQuietly(in); // ends the read below
                }, stall.toMillis(), TimeUnit.MILLISECONDS);
                int read;
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    if (stalled.get()) {
                        break;
                    }
                    throw e;
                } finally {
                    abort.cancel(false);
                }
                if (read < 0 || stalled.get()) {
                    break;
                }
                out.write(buffer, 0, read);
            }
        }
        if (stalled.get()) {
            throw new IOException("the head sent nothing for " + stall.toSeconds() + " s");
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // it is being given up anyway
        }
    }

    private String jobPath(String jobId, String what) {
        return base + "/jobs/" + BerthClient.segment(jobId) + "/" + what;
    }
}
