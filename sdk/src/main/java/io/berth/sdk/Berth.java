package io.berth.sdk;

import io.berth.config.ConfigException;
import io.berth.config.SubmissionConfig;
import io.berth.config.SubmissionConfigs;
import io.berth.wire.JobPage;
import io.berth.wire.JobView;
import io.berth.wire.SweepView;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Berth from Java: submit jobs and sweeps to a Berth server, and follow them through handles.
 *
 * <pre>{@code
 * Berth berth = Berth.connect("scheduler");
 * SweepHandle sweep = berth.sweep(
 *         JobRequest.builder(Path.of("my_project")).command("main.py").build(),
 *         Sweep.grid(Map.of("lr", List.of(0.1, 0.01), "batch", List.of(32, 64))));
 * for (JobView job : sweep.awaitAll(Duration.ofHours(1))) {
 *     System.out.println(job.params() + " -> " + job.metrics());
 * }
 * }</pre>
 *
 * Thread-safe. Errors are {@link BerthException}s: {@link BerthApiException} when the server refuses (its
 * {@code code} is stable; {@link UnauthorizedException} for a missing, wrong, revoked or expired token),
 * {@link ServerUnreachableException} when nothing answers, {@link ServerCertificateException} when an
 * {@code https} server cannot be verified, {@link ConfigException} for a bad submission config or
 * {@code job.config.yaml}.
 */
public final class Berth {
    private final BerthClient client;

    private Berth(BerthClient client) {
        this.client = client;
    }

    /**
     * The server a submission config names, found as {@code berth} finds it from the current directory:
     * {@code ./config/submission/<env>.config.yaml}, then {@code $BERTH_HOME/config/submission/}, then Atlas's
     * {@code $FOUNDATIONS_HOME/config/submission/} and {@code ~/.foundations/config/submission/}.
     *
     * @throws ConfigException if there is no such config or it is invalid
     */
    public static Berth connect(String env) {
        return connect(env, Path.of("").toAbsolutePath());
    }

    /** As {@link #connect(String)}, looking in {@code projectDir}'s {@code config/submission/} first. */
    public static Berth connect(String env, Path projectDir) {
        SubmissionConfig config = new SubmissionConfigs().find(env, projectDir).config();
        return new Berth(BerthClient.of(config));
    }

    /** @param token sent as a bearer token; null for a local server without tokens */
    public static Berth connect(URI url, String token) {
        return new Berth(new BerthClient(url, token));
    }

    /** Over a client already made (the CLI's). */
    public static Berth of(BerthClient client) {
        return new Berth(Objects.requireNonNull(client, "client"));
    }

    /** The REST API underneath, for what the handles do not cover. */
    public BerthClient client() {
        return client;
    }

    /** Bundles the project, uploads it unless the server has it already, and queues the job. */
    public JobHandle submit(JobRequest request) {
        return submit(request, SubmitListener.NONE);
    }

    /** @param listener told about bundling and uploading, for a progress display */
    public JobHandle submit(JobRequest request, SubmitListener listener) {
        JobView job = new JobSubmitter(client).submit(request.submission(), listener).job();
        return new JobHandle(client, job.id());
    }

    /**
     * Queues one job per parameter set of {@code sweep}, each set merged over the request's params: the
     * project is bundled and uploaded once, and the whole sweep is queued with one request, in one atomic
     * step, in the order of the sets.
     */
    public SweepHandle sweep(JobRequest base, Sweep sweep) {
        return sweep(base, sweep, SubmitListener.NONE);
    }

    /** @param listener told about bundling and uploading, for a progress display */
    public SweepHandle sweep(JobRequest base, Sweep sweep, SubmitListener listener) {
        SweepView view = new JobSubmitter(client).submitSweep(base.submission(), sweep.paramSets(), listener);
        return new SweepHandle(client, view.id());
    }

    /**
     * @param idOrPrefix a job id or any unique start of one
     * @throws BerthApiException with code {@code job_not_found} or {@code ambiguous_job_id}
     */
    public JobHandle job(String idOrPrefix) {
        return new JobHandle(client, client.job(idOrPrefix).id());
    }

    /**
     * A sweep queued earlier, to follow or collect from.
     *
     * @param idOrPrefix a sweep id or any unique start of one
     */
    public SweepHandle sweep(String idOrPrefix) {
        return new SweepHandle(client, client.sweep(idOrPrefix).id());
    }

    /** The jobs the query matches (by project, sweep, state), oldest first, with their latest metrics. */
    public List<JobView> jobs(JobQuery query) {
        return client.jobs(query);
    }

    /** One page of the jobs the query matches, in its order, with how many match in all. */
    public JobPage jobPage(JobPageQuery query) {
        return client.jobPage(query);
    }

    @Override
    public String toString() {
        return "Berth at " + client.baseUrl();
    }
}
