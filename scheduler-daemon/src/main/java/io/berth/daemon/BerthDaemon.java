package io.berth.daemon;

import io.berth.archive.SafeTarExtractor;
import io.berth.config.BerthHome;
import io.berth.config.ContainerDefaults;
import io.berth.config.SchedulingConfig;
import io.berth.config.SecurityConfig;
import io.berth.config.ConfigException;
import io.berth.config.ServerConfig;
import io.berth.config.TokenFile;
import io.berth.daemon.cluster.AgentJobs;
import io.berth.daemon.cluster.AgentRegistry;
import io.berth.daemon.cluster.AgentWork;
import io.berth.daemon.cluster.LostAgentJobs;
import io.berth.daemon.auth.LocalToken;
import io.berth.daemon.auth.TokenAuthenticator;
import io.berth.daemon.core.Artifacts;
import io.berth.daemon.core.ContainerRuntimeException;
import io.berth.daemon.core.ContainerSpec;
import io.berth.daemon.core.DependencyInstall;
import io.berth.daemon.core.Dispatcher;
import io.berth.daemon.core.JobPages;
import io.berth.daemon.core.JobRunner;
import io.berth.daemon.core.JobService;
import io.berth.daemon.core.IndexedJobStore;
import io.berth.daemon.core.JobStore;
import io.berth.daemon.core.LogSignals;
import io.berth.daemon.core.ResultsCollector;
import io.berth.daemon.core.RunSettings;
import io.berth.daemon.core.SpecPolicy;
import io.berth.daemon.core.admission.AdmissionPolicy;
import io.berth.daemon.core.admission.Capacity;
import io.berth.daemon.core.admission.Node;
import io.berth.daemon.docker.DockerClients;
import io.berth.daemon.docker.DockerContainerRuntime;
import io.berth.daemon.docker.DockerDependencyImages;
import io.berth.daemon.host.HostCapacity;
import io.berth.daemon.http.AgentRoutes;
import io.berth.daemon.http.ApiServer;
import io.berth.daemon.http.ArtifactRoutes;
import io.berth.daemon.http.BundleRoutes;
import io.berth.daemon.http.JobConfigRoute;
import io.berth.daemon.http.JobRoutes;
import io.berth.daemon.http.JsonBodies;
import io.berth.daemon.http.LogEventStream;
import io.berth.daemon.http.LogStreamer;
import io.berth.daemon.http.PageRoutes;
import io.berth.daemon.http.SessionRoutes;
import io.berth.daemon.http.StatusRoute;
import io.berth.daemon.http.WebRoutes;
import io.berth.daemon.http.SweepRoutes;
import io.berth.daemon.redis.EmbeddedRedis;
import io.berth.daemon.redis.RedisAgentStore;
import io.berth.daemon.redis.RedisConnection;
import io.berth.daemon.redis.RedisJobResultsStore;
import io.berth.daemon.redis.RedisJobStore;
import io.berth.daemon.redis.PrefixLease;
import io.berth.daemon.redis.RedisKeys;
import io.berth.daemon.storage.FileJobEventSource;
import io.berth.daemon.storage.FileSystemBundleStore;
import io.berth.daemon.storage.FileSystemWorkspace;
import io.berth.daemon.storage.HelperFiles;
import io.berth.daemon.storage.ServerId;
import io.berth.daemon.tasks.CollectRunningResultsTask;
import io.berth.daemon.tasks.LeftoverSweeper;
import io.berth.daemon.tasks.RedisHealthTask;
import io.berth.daemon.tasks.PeriodicTasks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: builds every piece from {@link ServerConfig}, starts them in order and stops them in
 * reverse. The one owner of the daemon's lifecycle.
 */
public final class BerthDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BerthDaemon.class);
    private static final Duration DISPATCH_POLL = Duration.ofSeconds(1);
    /** A log follower looks again this long after the last signal even without one: a safety net, not a poll. */
    private static final Duration LOG_RECHECK = Duration.ofSeconds(1);
    /** A log event stream with nothing to send says so this often, so no proxy or browser thinks it dead. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Metrics show up in tables within about this long of being logged. */
    private static final Duration RESULTS_POLL = Duration.ofMillis(500);
    /** How often leftovers (orphaned containers, freed jobs' directories, unused bundles, old archives) go. */
    private static final Duration LEFTOVER_SWEEP = Duration.ofMinutes(10);
    /** How often Redis is asked whether it answers, so its outages show in the log. */
    private static final Duration REDIS_CHECK = Duration.ofSeconds(2);
    /** How often the jobs of agents whose lease ran out are looked for. */
    private static final Duration LOST_AGENT_CHECK = Duration.ofSeconds(1);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final ApiServer api;

    private BerthDaemon(ServerConfig config, String version) {
        try {
            this.api = startAll(config, version);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private ApiServer startAll(ServerConfig config, String version) {
        Instant startedAt = Instant.now();
        SecurityConfig security = config.security();
        LocalToken local = security.localTokenFile() == null ? null : new LocalToken(security.localTokenFile());
        TokenAuthenticator auth = authenticator(config, local);
        started.push(auth); // closed last: it writes the last uses of tokens noted until the server stopped
        EmbeddedRedis embedded = config.embeddedRedis() ? startEmbeddedRedis(config) : null;
        RedisConnection redis = RedisConnection.open(embedded == null ? config.redisUrl().toString() : embedded.url());
        started.push(redis);
        if (embedded != null) {
            embedded.onRestart(redis::dropIdleConnections);
        }
        redis.ping();
        RedisKeys keys = new RedisKeys(config.keyPrefix());
        String serverId = ServerId.of(config.dataDir());
        PrefixLease lease = PrefixLease.take(redis.jedis(), keys, serverId,
                "on " + hostName() + " (pid " + ProcessHandle.current().pid() + ", data in " + config.dataDir()
                        + ", port " + config.port() + ")");
        started.push(lease);
        LogSignals logSignals = new LogSignals();
        RedisJobStore jobStore = new RedisJobStore(redis.jedis(), keys);
        int unfinished = jobStore.dropUnfinishedInserts();
        if (unfinished > 0) {
            LOG.warn("dropped {} jobs of a sweep whose queueing was cut short (the server or Redis stopped before "
                    + "it was queued; its client was told it failed)", unfinished);
        }
        IndexedJobStore store = indexed(jobStore, logSignals);

        DockerClients docker = config.dockerHost() == null
                ? DockerClients.fromEnvironment()
                : DockerClients.connect(URI.create(config.dockerHost()), DockerClients.CALL_TIMEOUT);
        started.push(docker);
        DockerContainerRuntime runtime = new DockerContainerRuntime(docker, DockerContainerRuntime.DEFAULT_PULL_TIMEOUT,
                serverId);
        warnIfNoDefaultImage(runtime, config.defaultImage(), docker.host());

        SchedulingConfig.BundleLimits bundleLimits = config.scheduling().bundles();
        SafeTarExtractor unpacking = new SafeTarExtractor(bundleLimits.maxUnpacked().bytes(), bundleLimits.maxEntries());
        FileSystemBundleStore bundles = new FileSystemBundleStore(config.dataDir().resolve("bundles"),
                bundleLimits.maxUpload().bytes(), unpacking);
        FileSystemWorkspace workspace = new FileSystemWorkspace(config.dataDir(), unpacking);
        RedisJobResultsStore results = new RedisJobResultsStore(redis.jedis(), keys);
        ResultsCollector collector = new ResultsCollector(new FileJobEventSource(config.dataDir()), results);
        Clock clock = Clock.systemUTC();
        SchedulingConfig scheduling = config.scheduling();
        DockerDependencyImages dependencies = new DockerDependencyImages(docker, runtime,
                config.dependencyInstallCommand(), DependencyInstall.OPERATOR_SOURCE, config.dependencyInstallTimeout());
        SpecPolicy specPolicy = new SpecPolicy(protectedPaths(config),
                config.volumeAllowList().stream().map(Path::of).toList(), config.security().runJobsAsSubmitter(),
                config.networks());
        JobRunner runner = new JobRunner(store, bundles, workspace, runtime, dependencies, collector, clock,
                runSettings(config, HelperFiles.unpack(config.dataDir())), specPolicy, logSignals);
        Capacity capacity = HostCapacity.of(config.slots(), scheduling);
        AgentRegistry agents = new AgentRegistry(new RedisAgentStore(redis.jedis(), keys), config.agentLease(), clock);
        AgentWork agentWork = new AgentWork(agents);
        Dispatcher dispatcher = new Dispatcher(store, runner, new Node(Node.LOCAL, capacity, config.labels()),
                agentWork, new AdmissionPolicy(scheduling.starvationBound()), clock, DISPATCH_POLL);
        agents.countRunningWith(dispatcher::activeOn);
        AgentJobs agentJobs = new AgentJobs(store, results, workspace, bundles, logSignals, dispatcher::released);
        JobService jobs = new JobService(store, bundles, workspace, results, dispatcher, clock,
                config.defaultImage(), specPolicy, config.containers().memory());

        JsonBodies bodies = new JsonBodies();
        ApiServer server = new ApiServer(List.of(
                new StatusRoute(version, dispatcher, store.queueIndex(), describeRedis(config), config.dataDir().toString(),
                        docker.host().toString(), startedAt, agents, bundleLimits.maxUpload().bytes()),
                new AgentRoutes(agents, agentWork, agentJobs, store, bodies),
                new BundleRoutes(bundles),
                new JobRoutes(jobs, workspace, new LogStreamer(store, workspace, logSignals, LOG_RECHECK),
                        new LogEventStream(store, workspace, logSignals, LOG_RECHECK, HEARTBEAT), bodies),
                new SweepRoutes(jobs, bodies),
                new JobConfigRoute(bodies),
                new PageRoutes(jobs, new JobPages(store, results, clock), store.index()),
                new ArtifactRoutes(jobs, new Artifacts(results, workspace)),
                new SessionRoutes(auth, security.tls() != null),
                new WebRoutes()),
                auth, security.tls());
        dispatcher.recover();
        dispatcher.start();
        started.push(dispatcher);
        LeftoverSweeper leftovers = new LeftoverSweeper(store, runtime, workspace, bundles,
                () -> java.util.Set.copyOf(dispatcher.activeJobIds()), scheduling.archiveRetention(), clock);
        started.push(new PeriodicTasks()
                .every(RESULTS_POLL, new CollectRunningResultsTask(dispatcher, collector))
                .every(LEFTOVER_SWEEP, Duration.ofSeconds(30), leftovers)
                .every(REDIS_CHECK, new RedisHealthTask(redis))
                .every(LOST_AGENT_CHECK, new LostAgentJobs(dispatcher, agents, store, results, clock))
                .every(PrefixLease.RENEW_EVERY, lease::renew));
        startListening(server, config);
        started.push(server);
        if (local != null) {
            started.push(local.publish());
        }
        LOG.info("Berth {} listening on {}://{}:{} ({} slots, redis {}, data in {}; {})", version, server.scheme(),
                config.bind(), server.port(), config.slots(), describeRedis(config), config.dataDir(),
                auth.required() ? "clients need a token, " + auth.tokenCount() + " in " + security.tokensFile()
                        : "no tokens: open to this machine only");
        return server;
    }

    /** Every job in the store, indexed for job tables before anything else reads or writes them. */
    private static IndexedJobStore indexed(JobStore store, LogSignals logSignals) {
        long start = System.nanoTime();
        IndexedJobStore indexed = IndexedJobStore.over(store, logSignals::changed);
        LOG.info("indexed {} jobs in {} ms", indexed.index().size(), (System.nanoTime() - start) / 1_000_000);
        return indexed;
    }

    /** Starts a server; on any failure, what was already started is stopped again before the error is thrown. */
    public static BerthDaemon start(ServerConfig config, String version) {
        return new BerthDaemon(config, version);
    }

    public int port() {
        return api.port();
    }

    private EmbeddedRedis startEmbeddedRedis(ServerConfig config) {
        EmbeddedRedis embedded = new EmbeddedRedis(config.embeddedRedisPort(), config.dataDir().resolve("redis"),
                EmbeddedRedis.Fsync.valueOf(config.redisAppendfsync().toUpperCase(java.util.Locale.ROOT)));
        embedded.start();
        started.push(embedded::stop);
        return embedded;
    }

    /** Berth's directories, and its secrets wherever they are: no job may mount them (or a directory holding them). */
    private static List<Path> protectedPaths(ServerConfig config) {
        SecurityConfig security = config.security();
        return java.util.stream.Stream.of(config.dataDir(), BerthHome.path(), security.tokensFile(),
                        security.localTokenFile(), security.tls() == null ? null : security.tls().privateKey())
                .filter(java.util.Objects::nonNull).toList();
    }

    /** A server may start while Docker is down: its jobs wait for the engine, and it says so. */
    private static void warnIfNoDefaultImage(DockerContainerRuntime runtime, String image, URI dockerHost) {
        try {
            if (!runtime.imageExists(image)) {
                LOG.warn("the default image {} is not on the Docker engine; jobs without an image of their own will "
                        + "fail (build it with scripts/build-worker-image.sh)", image);
            }
        } catch (ContainerRuntimeException e) {
            LOG.warn("the Docker engine at {} does not answer ({}); jobs wait until it does", dockerHost,
                    e.getMessage());
        }
    }

    private static String describeRedis(ServerConfig config) {
        return config.embeddedRedis() ? "embedded (127.0.0.1:" + config.embeddedRedisPort() + ")" : "external";
    }

    /**
     * Tokens are asked for once there are any, and always when the server listens beyond loopback: then
     * it refuses to start without one, since anyone who reaches it could run containers on this machine.
     */
    private static TokenAuthenticator authenticator(ServerConfig config, LocalToken local) {
        SecurityConfig security = config.security();
        boolean remote = !isLoopback(config.bind());
        TokenFile tokens = security.tokensFile() == null ? null : new TokenFile(security.tokensFile());
        TokenAuthenticator auth = new TokenAuthenticator(tokens, local == null ? null : local.secret(), remote);
        if (remote && auth.tokenCount() == 0) {
            throw new ConfigException(null, null, "bind", config.bind() + " is not a loopback address, and "
                    + (tokens == null ? "this server has no tokens file" : tokens.path() + " holds no token")
                    + ": Berth serves other machines only to clients with a token. Create one with 'berth server token"
                    + " create --name <client>' and start again (docs/remote.md), or bind 127.0.0.1.");
        }
        if (remote && security.tls() == null) {
            LOG.warn("serving {} over plain HTTP: tokens, jobs and logs cross the network unencrypted; set tls_cert"
                    + " and tls_key in server.yaml (docs/remote.md)", config.bind());
        }
        return auth;
    }

    /** How jobs' containers are run on an engine: the server's settings, or an agent's (its defaults and scheduling). */
    public static RunSettings runSettings(ServerConfig config, Path helpersDir) {
        SchedulingConfig scheduling = config.scheduling();
        ContainerDefaults containers = config.containers();
        ContainerSpec.LogCap dockerLog = containers.dockerLog() == null ? null
                : new ContainerSpec.LogCap(containers.dockerLog().maxSize().bytes(), containers.dockerLog().maxFiles());
        return new RunSettings(config.stopGracePeriod(), scheduling.defaultMaxAttempts(), scheduling.pidsLimit(),
                scheduling.maxLogSize().bytes(), helpersDir, containers.user(), containers.readOnlyRoot(), dockerLog);
    }

    /** This machine's name, for another server's refusal to share a Redis prefix; never a DNS lookup. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return System.getenv().getOrDefault("HOSTNAME", "an unnamed host");
        }
    }

    /** A port another program holds is the operator's to change, not a crash. */
    private static void startListening(ApiServer server, ServerConfig config) {
        try {
            server.start(config.bind(), config.port());
        } catch (RuntimeException e) {
            if (isBindFailure(e)) {
                throw new ConfigException(null, null, "port", config.bind() + ":" + config.port()
                        + " is already in use by another program; choose another port");
            }
            throw e;
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(null, null, "bind", "cannot resolve '" + bind + "'");
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.getMessage(), e);
            }
        }
    }
}
