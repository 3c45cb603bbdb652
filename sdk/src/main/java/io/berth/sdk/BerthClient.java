package io.berth.sdk;

import io.berth.config.AgentConfig;
import io.berth.config.BerthHome;
import io.berth.config.ConfigException;
import io.berth.config.SubmissionConfig;
import io.berth.config.SubmissionConfigs;
import io.berth.wire.AgentLease;
import io.berth.wire.AgentReport;
import io.berth.wire.AgentView;
import io.berth.wire.BulkResult;
import io.berth.wire.ClearQueueResponse;
import io.berth.wire.JobDetails;
import io.berth.wire.JobPage;
import io.berth.wire.JobView;
import io.berth.wire.MoveJobRequest;
import io.berth.wire.QueueEntryView;
import io.berth.wire.QueuePage;
import io.berth.wire.ServerStatus;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.SweepCounts;
import io.berth.wire.SweepView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Berth's REST API ({@code docs/api.md}) as Java calls. Thread-safe; one instance per server.
 * Errors: {@link BerthApiException} when the server says no ({@link UnauthorizedException} for a missing,
 * wrong, revoked or expired token), {@link ServerUnreachableException} when nothing answers,
 * {@link ServerCertificateException} when an {@code https} server cannot be verified, {@link BerthException}
 * for anything else that goes wrong on the way.
 */
public final class BerthClient {
    public static final Duration CONNECT_TIMEOUT = ApiTransport.CONNECT_TIMEOUT;

    /**
     * How long an upload may go without the server taking a byte (or answering) before it is given up, and sent
     * again: a server cut off mid-transfer takes nothing more, and TCP would keep trying for a quarter of an hour.
     */
    static final Duration UPLOAD_STALL = Duration.ofSeconds(60);
    /**
     * How long the answer to an upload may take after its last byte: the server checks a bundle whole (up to 8 GB
     * unpacked) before it answers. A server cut off then would otherwise be waited for as long as TCP keeps the
     * connection, which for one that took every byte is for ever.
     */
    static final Duration UPLOAD_ANSWER = Duration.ofMinutes(10);

    private final ApiTransport transport;
    private final Duration uploadStall;

    /**
     * @param baseUrl     the server, e.g. {@code http://127.0.0.1:5000} (a submission config's {@code scheduler_url})
     * @param tokenOrNull sent as {@code Authorization: Bearer <token>} when not null
     */
    public BerthClient(URI baseUrl, String tokenOrNull) {
        this(baseUrl, tokenOrNull, ServerTrust.jdkDefaults());
    }

    /** @param trust which certificates an {@code https} server may present */
    public BerthClient(URI baseUrl, String tokenOrNull, ServerTrust trust) {
        this(baseUrl, tokenOrNull, trust, UPLOAD_STALL);
    }

    BerthClient(URI baseUrl, String tokenOrNull, ServerTrust trust, Duration uploadStall) {
        this.transport = new ApiTransport(baseUrl, tokenOrNull, trust);
        this.uploadStall = uploadStall;
    }

    /**
     * A client for the server a submission config names: its URL, its token, and its {@code ca_cert} if it
     * has one.
     *
     * @throws io.berth.config.ConfigException if the {@code ca_cert} file cannot be read
     */
    public static BerthClient of(SubmissionConfig config) {
        return new BerthClient(config.schedulerUrl(), config.token(), config.caCert() == null
                ? ServerTrust.jdkDefaults() : ServerTrust.certificateAuthorities(config.caCert()));
    }

    /**
     * A client of the head an agent's config names, as that agent: the head's URL, the token in its
     * {@code token_file} (none without one), and its {@code ca_cert} if it has one.
     *
     * @throws io.berth.config.ConfigException if the token file is empty or cannot be read, or the
     *                                         {@code ca_cert} file cannot be
     */
    public static BerthClient of(AgentConfig config) {
        String token = config.tokenFile() != null ? agentToken(config.tokenFile()) : loggedInToken(config.server());
        return new BerthClient(config.server(), token, config.caCert() == null
                ? ServerTrust.jdkDefaults() : ServerTrust.certificateAuthorities(config.caCert()));
    }

    /**
     * The token {@code berth login} saved for this head in a submission config under $BERTH_HOME, for an agent
     * without a token file; null if there is none.
     */
    private static String loggedInToken(URI head) {
        if (head == null) {
            return null;
        }
        SubmissionConfigs configs = new SubmissionConfigs(BerthHome.path());
        for (SubmissionConfigs.Listed listed : configs.list(BerthHome.path())) {
            if (listed.problem() == null && sameServer(head, listed.schedulerUrl())) {
                String token = SubmissionConfigs.load(listed.file()).token();
                if (token != null) {
                    return token;
                }
            }
        }
        return null;
    }

    private static boolean sameServer(URI a, URI b) {
        return b != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }

    private static String agentToken(Path tokenFile) {
        if (tokenFile == null) {
            return null;
        }
        try {
            String token = Files.readString(tokenFile).strip();
            if (token.isEmpty()) {
                throw new ConfigException(tokenFile, null, null, "is empty: it should hold the token"
                        + " `berth server token create` printed on the head");
            }
            return token;
        } catch (IOException e) {
            throw new ConfigException(tokenFile, null, null, "cannot be read: " + e.getMessage());
        }
    }

    public URI baseUrl() {
        return transport.baseUrl();
    }

    public ServerStatus status() {
        return transport.call(get("/status"), transport.type(ServerStatus.class));
    }

    /** Every agent that joined the server, ready or lost. */
    public List<AgentView> agents() {
        return transport.call(get("/agents"), transport.listOf(AgentView.class));
    }

    /** The named agent, as the server sees it; a {@link BerthApiException} with status 404 if it never joined. */
    public AgentView agent(String name) {
        return transport.call(get("/agents/" + segment(name)), transport.type(AgentView.class));
    }

    /** An agent's heartbeat: the agent joins with its first; the answer says how long the server counts on it. */
    public AgentLease beat(String agentName, AgentReport report) {
        return beat(agentName, report, ApiTransport.CALL_TIMEOUT);
    }

    /**
     * As {@link #beat(String, AgentReport)}, given up after {@code timeout}: an agent beats again rather than
     * wait on a call its head will not answer (a head restarting), so a lease never runs out on one stuck beat.
     */
    public AgentLease beat(String agentName, AgentReport report, Duration timeout) {
        return transport.call(ApiRequest.put("/agents/" + segment(agentName), transport.jsonBody(report))
                .silenceLimit(timeout).header("Content-Type", ApiTransport.JSON), transport.type(AgentLease.class));
    }

    /** The calls agent {@code agentName} makes to run the jobs the head gives it (docs/cluster.md). */
    public AgentChannel agentChannel(String agentName) {
        return new AgentChannel(transport, agentName);
    }

    /**
     * Whether the server already stores the bundle with this digest (so it need not be uploaded). Asked
     * again a few times if the answer is lost: asking is harmless.
     */
    public boolean hasBundle(String digest) {
        ApiRequest request = ApiRequest.head("/bundles/" + checkDigest(digest)).silenceLimit(ApiTransport.CALL_TIMEOUT);
        return retriedIf(true, () -> {
            try (ApiTransport.Answer answer = transport.send(request)) {
                byte[] body = answer.readAll();
                if (answer.status() == 404) {
                    return false;
                }
                transport.check(request, answer.status(), body);
                return true;
            }
        });
    }

    /**
     * Streams the bundle file to the server; sent again a few times if the answer is lost or the server stops
     * taking it for a minute (the server keeps a bundle by its digest, so a second upload changes nothing).
     *
     * @param progressBytes receives the running total of bytes sent, as they go; may be null
     */
    public void uploadBundle(String digest, Path file, LongConsumer progressBytes) {
        if (!java.nio.file.Files.isReadable(file)) {
            throw new BerthException("cannot read the bundle " + file);
        }
        ApiRequest.Body body = ApiRequest.Body.ofFile(file, progressBytes == null ? n -> { } : progressBytes);
        retriedIf(true, () -> transport.exchange(ApiRequest.put("/bundles/" + checkDigest(digest), body)
                .silenceLimit(UPLOAD_ANSWER).bodyStallLimit(uploadStall).header("Content-Type", "application/gzip")));
    }

    /**
     * Queues a job. With an idempotency key, a request whose answer was lost (the connection broke, the
     * server restarted) is sent again a few times: the server queues it once whatever happens.
     */
    public JobView submit(SubmitJobRequest submit) {
        ApiRequest request = ApiRequest.post("/jobs", transport.jsonBody(submit)).silenceLimit(ApiTransport.CALL_TIMEOUT)
                .header("Content-Type", ApiTransport.JSON);
        return retriedIf(submit.idempotencyKey() != null, () -> transport.call(request, transport.type(JobView.class)));
    }

    /** Delays before each new try of an idempotent submission whose answer did not arrive. */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(4));

    private static <T> T retriedIf(boolean idempotent, java.util.function.Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (BerthException e) {
                if (!idempotent || attempt >= RETRY_DELAYS.size() || !worthAnotherTry(e)) {
                    throw e;
                }
                pause(attempt, e);
            }
        }
    }

    /**
     * An answer that was lost, or a server saying "not now" (503). One the server gave otherwise would come
     * back the same, and so would a certificate the client does not trust.
     */
    private static boolean worthAnotherTry(BerthException e) {
        if (e instanceof BerthApiException answered) {
            return answered.status() == 503;
        }
        return !(e instanceof ServerCertificateException);
    }

    private static void pause(int attempt, BerthException cause) {
        try {
            Thread.sleep(RETRY_DELAYS.get(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    /** Every job, oldest first. */
    public List<JobView> jobs() {
        return jobs(JobQuery.ALL);
    }

    /** The jobs the query matches, oldest first, each with its latest metrics and tags. */
    public List<JobView> jobs(JobQuery query) {
        return transport.call(get("/jobs" + query.toQueryString()), transport.listOf(JobView.class));
    }

    /**
     * One page of the jobs the query matches, in its order, each with its latest metrics and tags, and how many
     * match in all. The server filters and sorts; only the page crosses the network.
     */
    public JobPage jobPage(JobPageQuery query) {
        return transport.call(get("/pages/jobs" + query.toQueryString()), transport.type(JobPage.class));
    }

    /**
     * Every job the query matches from its offset on, in its order, fetched a page of {@code query.limit()} at a
     * time as the stream is read. Jobs deleted while it pages may shift a later job into a page already read (so
     * it is missed), and in a descending order new jobs shift earlier ones (so they come twice): page in
     * submission order, ascending, to take every job once.
     */
    public Stream<JobView> allJobs(JobPageQuery query) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new PagedJobs(query, this::jobPage),
                Spliterator.ORDERED), false);
    }

    /** The job with everything it reported: logged params, metric histories, tags, artifacts. */
    public JobDetails details(String ref) {
        return transport.call(get("/jobs/" + segment(ref) + "/details"), transport.type(JobDetails.class));
    }

    /**
     * Queues a whole sweep in one request; the bundle must be on the server already. The answer carries the
     * sweep's id only, not its jobs ({@code Prefer: return=minimal}: a sweep may have 100,000): {@link #sweep}
     * reads them.
     */
    public SweepView submitSweep(SubmitSweepRequest sweep) {
        ApiRequest request = ApiRequest.post("/sweeps", transport.jsonBody(sweep)).silenceLimit(ApiTransport.CALL_TIMEOUT)
                .header("Content-Type", ApiTransport.JSON).header("Prefer", "return=minimal");
        return retriedIf(sweep.idempotencyKey() != null, () -> transport.call(request, transport.type(SweepView.class)));
    }

    /** @param ref a sweep id or a unique start of one */
    public SweepView sweep(String ref) {
        return transport.call(get("/sweeps/" + segment("sweep", ref)), transport.type(SweepView.class));
    }

    /** How many of the sweep's jobs are in each state: counted by the server, whatever the sweep's size. */
    public SweepCounts sweepCounts(String ref) {
        return transport.call(get("/sweeps/" + segment("sweep", ref) + "/progress"), transport.type(SweepCounts.class));
    }

    /** Stops every unfinished job of the sweep. */
    public BulkResult stopSweep(String ref) {
        return transport.call(ApiRequest.post("/sweeps/" + segment("sweep", ref) + "/stop", ApiRequest.Body.empty())
                .silenceLimit(ApiTransport.CALL_TIMEOUT), transport.type(BulkResult.class));
    }

    /** Deletes every finished job of the sweep. */
    public BulkResult deleteSweep(String ref) {
        return transport.call(ApiRequest.delete("/sweeps/" + segment("sweep", ref)).silenceLimit(ApiTransport.CALL_TIMEOUT),
                transport.type(BulkResult.class));
    }

    /** @param ref a job id or a unique start of one */
    public JobView job(String ref) {
        return transport.call(get("/jobs/" + segment(ref)), transport.type(JobView.class));
    }

    /** Stops a queued or running job; the answer shows it as the server has it now. */
    public JobView stop(String ref) {
        return transport.call(ApiRequest.post("/jobs/" + segment(ref) + "/stop", ApiRequest.Body.empty())
                .silenceLimit(ApiTransport.CALL_TIMEOUT), transport.type(JobView.class));
    }

    /** Removes a finished job's record, logs and archive. */
    public void delete(String ref) {
        transport.exchange(ApiRequest.delete("/jobs/" + segment(ref)).silenceLimit(ApiTransport.CALL_TIMEOUT));
    }

    /** The queued jobs in the order the server will consider them, each with why it waits. */
    public List<QueueEntryView> queue() {
        return queue(null);
    }

    /** The project's queued jobs (every one for null), each keeping its place in the whole queue. */
    public List<QueueEntryView> queue(String projectOrNull) {
        List<QueueEntryView> entries = new ArrayList<>();
        eachQueued(projectOrNull, entries::add);
        return entries;
    }

    /**
     * As {@link #queue(String)}, each entry handed over as it arrives: the whole queue in one consistent order
     * without holding it, however long it is.
     */
    public void eachQueued(String projectOrNull, Consumer<QueueEntryView> each) {
        transport.eachOf(get("/queue" + JobQuery.ALL.withProject(projectOrNull).toQueryString()), QueueEntryView.class,
                each);
    }

    /**
     * {@code limit} queued jobs (of the project, or of all for null) from place {@code offset + 1} on, and how
     * many are queued in all.
     */
    public QueuePage queuePage(String projectOrNull, int offset, int limit) {
        String project = projectOrNull == null ? "" : "&project=" + URLEncoder.encode(projectOrNull, StandardCharsets.UTF_8);
        return transport.call(get("/pages/queue?offset=" + offset + "&limit=" + limit + project),
                transport.type(QueuePage.class));
    }

    /** Moves a queued job within its priority: to the front, or just before another queued job. */
    public JobView move(String ref, MoveJobRequest move) {
        return transport.call(ApiRequest.post("/jobs/" + segment(ref) + "/move", transport.jsonBody(move))
                .silenceLimit(ApiTransport.CALL_TIMEOUT).header("Content-Type", ApiTransport.JSON),
                transport.type(JobView.class));
    }

    /** Stops every queued job. */
    public ClearQueueResponse clearQueue() {
        return clearQueue(JobQuery.ALL);
    }

    /** Stops the queued jobs of the query's project or sweep (its state is ignored). */
    public ClearQueueResponse clearQueue(JobQuery query) {
        return transport.call(ApiRequest.delete("/queue" + query.withState(null).toQueryString())
                .silenceLimit(ApiTransport.CALL_TIMEOUT), transport.type(ClearQueueResponse.class));
    }

    /**
     * Copies the job's log to {@code out} as the server sends it, flushing after every read.
     *
     * @param follow keep reading until the job has finished and its log is complete
     * @param offset bytes of the log to skip
     * @return the number of bytes copied
     */
    public long streamLogs(String ref, boolean follow, long offset, OutputStream out) {
        return streamLogs(ref, null, follow, offset, out);
    }

    /**
     * As {@link #streamLogs(String, boolean, long, OutputStream)}, starting with the log of {@code attempt}
     * (null: the latest) and going on into later attempts' logs; {@code offset} counts over them in turn.
     */
    public long streamLogs(String ref, Integer attempt, boolean follow, long offset, OutputStream out) {
        ApiRequest request = ApiRequest.get("/jobs/" + segment(ref) + "/logs?follow=" + follow
                + "&offset=" + offset + (attempt == null ? "" : "&attempt=" + attempt));
        try (InputStream in = transport.open(request)) {
            byte[] buffer = new byte[8192];
            long copied = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
                copied += n;
            }
            return copied;
        } catch (IOException e) {
            throw new BerthException("the log stream of job " + ref + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * Downloads the finished job's archive (tar.gz) to {@code target}, replacing it; nothing is written
     * if the server refuses.
     *
     * @return the archive's size in bytes
     */
    public long downloadArchive(String ref, Path target) {
        ApiRequest request = ApiRequest.get("/jobs/" + segment(ref) + "/archive").silenceLimit(ApiTransport.CALL_TIMEOUT);
        try (InputStream in = transport.open(request)) {
            Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), ".berth-download-", ".part");
            try {
                long size = Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                return size;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new BerthException("cannot download the archive of job " + ref + " to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private static ApiRequest get(String path) {
        return ApiRequest.get(path).silenceLimit(ApiTransport.CALL_TIMEOUT);
    }

    static String checkDigest(String digest) {
        if (digest == null || !digest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 digest in lowercase hex: " + digest);
        }
        return digest;
    }

    static String segment(String ref) {
        return segment("job", ref);
    }

    /** Percent-encodes a job or sweep reference as one path segment, so no reference can reach another route. */
    static String segment(String what, String ref) {
        if (ref == null || ref.isBlank() || ref.equals(".") || ref.equals("..")) {
            throw new InvalidIdException(what, ref);
        }
        StringBuilder s = new StringBuilder();
        for (byte b : ref.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                s.append(c);
            } else {
                s.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return s.toString();
    }
}
