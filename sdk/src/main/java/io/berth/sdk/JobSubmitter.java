package io.berth.sdk;

import io.berth.config.ConfigException;
import io.berth.config.JobConfigLoader;
import io.berth.wire.Idempotency;
import io.berth.wire.JobView;
import io.berth.wire.ServerStatus;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.SweepView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole submit path, shared by the CLI and the Java API: read {@code job.config.yaml}, apply the
 * submission's overrides, bundle the project, upload the bundle unless the server has it (bundles are
 * content-addressed), queue the job.
 */
public final class JobSubmitter {
    /** {@code python}, {@code python3}, {@code python3.11}: the first word of a command that runs a script. */
    private static final Pattern PYTHON = Pattern.compile("python(\\d+(\\.\\d+)?)?");
    private final BerthClient client;
    private final ProjectBundler bundler;
    /** Whether the server has answered this submitter once; after that a dead server fails the bundle check. */
    private volatile boolean serverSeen;
    /** The largest bundle the server takes, as its status said; null if it did not say. */
    private volatile Long maxBundleBytes;

    public JobSubmitter(BerthClient client) {
        this(client, new ProjectBundler());
    }

    JobSubmitter(BerthClient client, ProjectBundler bundler) {
        this.client = client;
        this.bundler = bundler;
    }

    public SubmitResult submit(Submission submission) {
        return submit(submission, SubmitListener.NONE);
    }

    /**
     * @throws ConfigException        if {@code job.config.yaml} is wrong (naming file, line and key)
     * @throws BundleException        if the project cannot be bundled (naming the file)
     * @throws BerthApiException      if the server refuses
     * @throws ServerUnreachableException if nothing answers
     */
    public SubmitResult submit(Submission submission, SubmitListener listener) {
        PreparedJob job = prepare(submission);
        String key = Idempotency.newKey(); // one per submission: its retries queue it once
        return withBundle(submission, job, listener, (bundle, uploaded) -> {
            JobView view = client.submit(job.toRequest(bundle.sha256()).withIdempotencyKey(key));
            return new SubmitResult(view, bundle.sha256(), bundle.bytes(), bundle.fileCount(), uploaded,
                    bundle.largest());
        });
    }

    /**
     * Queues one job per parameter set, all from one bundle uploaded at most once, with one request: the
     * server queues the whole sweep in one atomic step, in the order of the sets. Each set is merged over
     * the submission's params.
     *
     * @throws ConfigException            if {@code job.config.yaml} is wrong (naming file, line and key)
     * @throws BundleException            if the project cannot be bundled (naming the file)
     * @throws BerthApiException          if the server refuses
     * @throws ServerUnreachableException if nothing answers
     */
    public SweepView submitSweep(Submission submission, List<Map<String, Object>> paramSets, SubmitListener listener) {
        PreparedJob job = prepare(submission);
        String key = Idempotency.newKey();
        return withBundle(submission, job, listener, (bundle, uploaded) -> client.submitSweep(new SubmitSweepRequest(
                bundle.sha256(), job.project(), job.command(), job.params(), job.submittedSpec(), paramSets, key)));
    }

    /**
     * The job's script ({@code main.py}, {@code src/train.sh}), run from the project's copy, must be in the
     * bundle: left out by .berthignore, or not in the project at all, the job would only fail at its start
     * with exit 127. Judged only where the project's copy is surely where the command is looked for: a
     * {@code .py} name, or a relative path with a '/', in a job with the default working directory and
     * entrypoint and no volume mounted into the project's copy. A bare name that is not a Python script
     * ({@code run.sh}) is looked up on the image's PATH, so it is not judged. After {@code python},
     * {@code python3} or {@code python3.11} (and {@code -u}), the {@code .py} file it runs is the script.
     */
    static void requireScriptBundled(Path projectDir, PreparedJob job, Bundle bundle) {
        if (job.command().isEmpty() || bundle.paths().isEmpty() || job.spec().workingDir() != null
                || job.spec().entrypoint() != null
                || job.spec().volumes().stream().anyMatch(v -> v.containerPath().startsWith(SOURCE_DIR))) {
            return;
        }
        String script = scriptOf(job.command());
        if (script == null || script.startsWith("/") || !(script.contains("/") || script.endsWith(".py"))) {
            return;
        }
        Path root = projectDir.toAbsolutePath().normalize();
        Path file = root.resolve(script).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            return;
        }
        Path relative = root.relativize(file);
        for (int i = 1; i <= relative.getNameCount(); i++) {
            // the file itself, or a linked directory on its way that the bundle keeps as a link
            if (bundle.paths().contains(relative.subpath(0, i).toString().replace('\\', '/'))) {
                return;
            }
        }
        String path = relative.toString().replace('\\', '/');
        String role = script.equals(job.command().get(0)) ? "the job's command" : "the job's script";
        if (!Files.exists(file)) {
            throw new BundleException(role + " is " + script + ", but there is no " + path + " in " + root);
        }
        boolean alwaysLeftOut = path.startsWith(".git/") || path.startsWith("config/submission/");
        throw new BundleException(path + " is " + role + ", but " + (alwaysLeftOut
                ? "Berth leaves .git/ and config/submission/ out of every bundle" : ".berthignore leaves it out of"
                + " the bundle") + ", so the job could not run it" + (alwaysLeftOut ? "" : "; take it out of .berthignore"));
    }

    /** The word of the command that may name a file of the project: the first, or the .py file python runs. */
    private static String scriptOf(List<String> command) {
        if (!PYTHON.matcher(command.get(0)).matches()) {
            return command.get(0);
        }
        int at = command.size() > 1 && command.get(1).equals("-u") ? 2 : 1;
        return at < command.size() && command.get(at).endsWith(".py") ? command.get(at) : null;
    }

    /** Where the job's copy of the project is, in its container. */
    private static final String SOURCE_DIR = "/job/job_source";

    /** What to do once the server has the bundle. */
    private interface Queueing<T> {
        T queue(Bundle bundle, boolean uploaded);
    }

    /**
     * Bundles the project, uploads it unless the server has it, and queues; if the server dropped the bundle
     * between the check and the queueing, uploads it and queues once more.
     */
    private <T> T withBundle(Submission submission, PreparedJob job, SubmitListener listener, Queueing<T> queueing) {
        if (!serverSeen) {
            // fail before bundling a large project for a server that is not there
            ServerStatus status = client.status();
            listener.serverSeen(status);
            maxBundleBytes = status.maxBundleBytes();
            serverSeen = true;
        }
        try (Bundle bundle = bundler.bundle(submission.projectDir())) {
            listener.bundled(bundle);
            requireScriptBundled(submission.projectDir(), job, bundle);
            boolean uploaded = !client.hasBundle(bundle.sha256());
            if (uploaded) {
                upload(bundle, listener);
            } else {
                listener.uploadSkipped(bundle);
            }
            try {
                return queueing.queue(bundle, uploaded);
            } catch (BerthApiException e) {
                if (uploaded || !"bad_bundle".equals(e.code())) {
                    throw e;
                }
                upload(bundle, listener);
                return queueing.queue(bundle, true);
            }
        }
    }

    /** Reads the project's config and applies the submission, without bundling or talking to the server. */
    public static PreparedJob prepare(Submission submission) {
        Path dir = submission.projectDir();
        if (!Files.isDirectory(dir)) {
            throw new BundleException(Files.exists(dir)
                    ? "the project " + dir + " is not a directory"
                    : "the project directory " + dir + " does not exist");
        }
        return PreparedJob.from(JobConfigLoader.load(dir), submission);
    }

    private void upload(Bundle bundle, SubmitListener listener) {
        Long max = maxBundleBytes;
        if (max != null && bundle.bytes() > max) {
            max = client.status().maxBundleBytes(); // the limit as it is now: a long-lived submitter's may be old
            maxBundleBytes = max;
        }
        if (max != null && bundle.bytes() > max) {
            // refused before a byte is sent: the server would refuse it only once it had taken its limit's worth
            String size = Sizes.human(bundle.bytes());
            String most = Sizes.human(max);
            if (size.equals(most)) {
                size = bundle.bytes() + " bytes";
                most = max + " bytes";
            }
            throw new BundleException("the project's bundle is " + size + "; the server at " + client.baseUrl()
                    + " takes at most " + most + " (max_bundle_size in its server.yaml): leave large files out with"
                    + " .berthignore, or mount data with worker.volumes");
        }
        listener.uploadStarted(bundle);
        client.uploadBundle(bundle.sha256(), bundle.file(), sent -> listener.uploadProgress(sent, bundle.bytes()));
        listener.uploadFinished(bundle);
    }
}
