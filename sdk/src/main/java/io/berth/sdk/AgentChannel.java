package io.berth.sdk;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

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

    private final ApiTransport transport;
    private final String base;
    private final Duration stall;
    private final OpenCalls polls = new OpenCalls();

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
        return transport.exchange(ApiRequest.post(base + "/work?waitMs=" + wait.toMillis(), ApiRequest.Body.of(running))
                .silenceLimit(wait.plus(ApiTransport.CALL_TIMEOUT)).header("Content-Type", ApiTransport.JSON).cutBy(polls));
    }

    /** The job's record as the head has it (JSON), while it is this agent's. */
    public byte[] job(String jobId) {
        return transport.exchange(ApiRequest.get(base + "/jobs/" + BerthClient.segment(jobId))
                .silenceLimit(ApiTransport.CALL_TIMEOUT));
    }

    /**
     * Writes the job's next version (JSON), made in {@code attempt}, if the head's still has {@code expectedVersion}:
     * true if written, false if someone changed it first ({@value #CONFLICT}).
     */
    public boolean replaceJob(String jobId, int attempt, long expectedVersion, byte[] next) {
        try {
            transport.exchange(ApiRequest.put(base + "/jobs/" + BerthClient.segment(jobId) + "?attempt=" + attempt
                    + "&expectedVersion=" + expectedVersion, ApiRequest.Body.of(next))
                    .silenceLimit(ApiTransport.CALL_TIMEOUT).header("Content-Type", ApiTransport.JSON));
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
        byte[] answer = transport.exchange(ApiRequest.post(jobPath(jobId, "log") + "?attempt=" + attempt
                        + "&offset=" + offset, ApiRequest.Body.of(bytes)).silenceLimit(ApiTransport.CALL_TIMEOUT)
                .header("Content-Type", "application/octet-stream"));
        return Long.parseLong(new String(answer, java.nio.charset.StandardCharsets.US_ASCII).strip());
    }

    /** What the job's results store answers (JSON) to an agent's results call ({@code offset}, {@code append}, ...). */
    public byte[] results(String jobId, int attempt, String call, byte[] body) {
        return transport.exchange(ApiRequest.post(jobPath(jobId, "results/" + call) + "?attempt=" + attempt,
                ApiRequest.Body.of(body)).silenceLimit(ApiTransport.CALL_TIMEOUT).header("Content-Type", ApiTransport.JSON));
    }

    /**
     * Sends the finished attempt's archive (tar.gz); the head keeps it as the job's. Given up (to be sent again) if the
     * head takes nothing of it, or does not answer, for the stall limit.
     */
    public void uploadArchive(String jobId, int attempt, Path archive) {
        if (!Files.isReadable(archive)) {
            throw new BerthException("cannot read the archive " + archive);
        }
        transport.exchange(ApiRequest.put(jobPath(jobId, "archive") + "?attempt=" + attempt,
                ApiRequest.Body.ofFile(archive, sent -> { })).silenceLimit(stall).header("Content-Type", "application/gzip"));
    }

    /**
     * Downloads a bundle the head stores into {@code target} (written whole or not at all); empty if it has none. Given
     * up if no byte of it comes for the stall limit.
     */
    public Optional<Path> fetchBundle(String digest, Path target) {
        ApiRequest request = ApiRequest.get(base + "/bundles/" + BerthClient.checkDigest(digest)).silenceLimit(stall);
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (ApiTransport.Answer answer = transport.send(request)) {
            if (answer.status() == 404) {
                return Optional.empty();
            }
            if (answer.status() >= 300) {
                transport.check(request, answer.status(), answer.readAll());
            }
            Files.createDirectories(target.getParent());
            Files.copy(answer.body(), partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new BerthException("fetching bundle " + digest + " from " + transport.baseUrl() + " failed: "
                    + (e instanceof SocketTimeoutException ? "the head sent nothing for " + ApiTransport.seconds(stall) : e), e);
        }
    }

    /**
     * Ends a {@link #work} call waiting now, and refuses later ones, for an agent that stops: a thread blocked in a
     * socket read does not notice being interrupted, and the agent must not take work it will not run.
     */
    public void stopPolling() {
        polls.cutAll();
    }

    private String jobPath(String jobId, String what) {
        return base + "/jobs/" + BerthClient.segment(jobId) + "/" + what;
    }
}
