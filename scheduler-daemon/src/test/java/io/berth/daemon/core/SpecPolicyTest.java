package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.NetworkConfig;
import io.berth.wire.JobSpec;
import io.berth.wire.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecPolicyTest {
    @TempDir
    Path tmp;

    private SpecPolicy policy(List<Path> allowed) {
        return new SpecPolicy(List.of(tmp.resolve("berth-data")), allowed);
    }

    private static JobSpec mounting(String hostPath) {
        return new JobSpec(null, null, null, Map.of(), List.of(new VolumeMount(hostPath, "/data", true)), null);
    }

    private String refusal(String hostPath) {
        return refusal(policy(List.of()), mounting(hostPath));
    }

    private static String refusal(SpecPolicy policy, JobSpec spec) {
        try {
            policy.check(spec);
        } catch (InvalidSubmissionException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + spec);
    }

    @Test
    void aJobGetsTheServersNetworkUnlessItNamesOneTheServerAllows() {
        SpecPolicy policy = new SpecPolicy(List.of(), List.of(), false, new NetworkConfig("bridge", List.of("lab")));
        JobSpec plain = JobSpec.defaults();
        assertThat(policy.applied(plain).network()).isEqualTo("bridge");
        assertThat(policy.applied(plain.withNetwork("none")).network()).isEqualTo("none");
        for (String allowed : List.of("none", "bridge", "lab")) {
            assertThatCode(() -> policy.check(plain.withNetwork(allowed))).as(allowed).doesNotThrowAnyException();
        }
        assertThat(refusal(policy, plain.withNetwork("ops-private"))).isEqualTo("worker.network: this server does not"
                + " let jobs join 'ops-private'; they may name none, bridge, lab (allowed_networks in server.yaml)");
        assertThat(refusal(policy, plain.withNetwork("host"))).contains("'host'");
        SpecPolicy isolated = new SpecPolicy(List.of(), List.of(), false, new NetworkConfig("none", List.of()));
        assertThat(isolated.applied(plain).network()).isEqualTo("none");
        assertThat(refusal(isolated, plain.withNetwork("bridge"))).endsWith("they may name none (allowed_networks in"
                + " server.yaml)");
    }

    @Test
    void aStoredSpecIsCheckedAgainAndMustBeOneTheServerCouldHaveStored() {
        SpecPolicy policy = new SpecPolicy(List.of(), List.of(), false, new NetworkConfig("none", List.of()));
        assertThat(policy.checkedAgain(JobSpec.defaults()).network()).as("no network: the server's").isEqualTo("none");
        assertThatThrownBy(() -> policy.checkedAgain(mounting("/"))).hasMessageStartingWith("worker.volumes: /:");
        assertThatThrownBy(() -> policy.checkedAgain(JobSpec.defaults().withNetwork("host")))
                .hasMessageContaining("'host'");
        assertThatThrownBy(() -> policy.checkedAgain(JobSpec.defaults().withRunAs("0:0"))).hasMessage("runAs: 0:0:"
                + " this server does not run jobs as their submitter (run_jobs_as_submitter in server.yaml), so it"
                + " never stores a uid");
        SpecPolicy asSubmitter = new SpecPolicy(List.of(), List.of(), true);
        assertThat(asSubmitter.checkedAgain(JobSpec.defaults().withRunAs("1000:1000")).runAs()).isEqualTo("1000:1000");
    }

    @Test
    void theHostsOwnDirectoriesAndTheDockerSocketAreRefused() {
        assertThat(refusal("/")).isEqualTo("worker.volumes: /: would give the job / of the server's machine; an operator can"
                + " allow it with volume_allow_list in server.yaml");
        assertThat(refusal("/etc")).contains("would give the job /etc");
        assertThat(refusal("/etc/ssh")).contains("part of /etc");
        assertThat(refusal("/proc/1")).contains("/proc");
        assertThat(refusal("/var/run/docker.sock")).contains("/var/run");
        assertThat(refusal("/run/docker.sock")).contains("/run");
        assertThat(refusal("/var")).as("holds /var/run and /var/lib/docker").contains("it is inside");
        assertThat(refusal(tmp.resolve("berth-data/jobs").toString())).contains("berth-data");
        assertThat(refusal(tmp.toString())).as("holds Berth's data").contains("it is inside");
    }

    @Test
    void anyBerthHomeOrDataDirectoryIsRefusedAsIsWhatHoldsOrLiesInsideOne() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("users/bob/berth-home"));
        Files.writeString(other.resolve("tokens.json"), "{}");
        Path otherData = Files.createDirectories(tmp.resolve("srv/berth/data/jobs"));
        Files.writeString(otherData.resolve("../server-id"), "0123456789abcdef");
        Path tokenOnly = Files.createDirectories(tmp.resolve("alice/home"));
        Files.writeString(tokenOnly.resolve("server.token"), "secret");
        Path defaultName = Files.createDirectories(tmp.resolve("carol/.berth/config"));

        assertThat(refusal(other.toString())).isEqualTo("worker.volumes: " + other + ": would give the job a Berth"
                + " server's home or data directory (" + other.resolve("tokens.json") + "), with its tokens and jobs;"
                + " an operator can allow it with volume_allow_list in server.yaml");
        assertThat(refusal(other.resolve("tokens.json").toString())).as("a file of one").contains("tokens.json");
        assertThat(refusal(tmp.resolve("users").toString())).as("holds one, two levels down").contains("tokens.json");
        assertThat(refusal(otherData.toString())).as("inside a data directory").contains("server-id");
        assertThat(refusal(tmp.resolve("alice").toString())).contains("server.token");
        assertThat(refusal(defaultName.toString())).as("a .berth directory").contains("carol/.berth)");
        assertThat(refusal(tmp.resolve("carol").toString())).contains("carol/.berth)");
        Path datasets = Files.createDirectories(tmp.resolve("datasets/imagenet"));
        assertThatCode(() -> policy(List.of()).check(mounting(datasets.toString()))).doesNotThrowAnyException();
        assertThatCode(() -> policy(List.of(tmp.resolve("users"))).check(mounting(other.toString())))
                .as("the operator's allow-list still wins").doesNotThrowAnyException();
    }

    @Test
    void theLookForBerthDirectoriesBelowAVolumeIsBounded() throws Exception {
        Path deep = Files.createDirectories(tmp.resolve("lake/a/b/c"));
        Files.writeString(deep.resolve("tokens.json"), "{}");
        assertThatCode(() -> policy(List.of()).check(mounting(tmp.resolve("lake").toString())))
                .as("deeper than " + BerthDirectories.DEPTH + " levels is not looked at").doesNotThrowAnyException();
        assertThat(refusal(tmp.resolve("lake/a").toString())).contains("tokens.json");
        Path wide = Files.createDirectories(tmp.resolve("wide"));
        for (int i = 0; i < BerthDirectories.ENTRIES; i++) {
            Files.createFile(wide.resolve("f" + i));
        }
        long start = System.nanoTime();
        policy(List.of()).check(mounting(wide.toString()));
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for a directory past the entry budget")
                .isLessThan(2_000);
    }

    @Test
    void dotDotRelativeAndSymlinkedPathsAreRefused() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("datasets"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), data);
        assertThat(refusal(data + "/../datasets")).contains("without '.', '..'");
        assertThat(refusal("srv/data")).contains("must be absolute");
        assertThat(refusal(link.toString())).contains("symbolic link").contains(data.toString());
        assertThat(refusal(policy(List.of()), new JobSpec(null, null, null, Map.of(),
                List.of(new VolumeMount(data.toString(), "../escape", false)), null))).contains("in the container");
    }

    @Test
    void ordinaryDirectoriesAndWhatTheOperatorAllowsAreAccepted() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("datasets"));
        assertThatCode(() -> policy(List.of()).check(mounting(data.toString()))).doesNotThrowAnyException();
        Path models = Files.createDirectories(tmp.resolve("berth-data/models"));
        assertThatCode(() -> policy(List.of(models)).check(mounting(models.toString()))).doesNotThrowAnyException();
        assertThat(refusal(policy(List.of(Path.of("/usr/share/models"))), mounting("/usr/share"))).contains("/usr");
    }

    @Test
    void aLinkInsideAnAllowedDirectoryMayNotLeadOutOfTheAllowList() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.createDirectories(shared.resolve("runs"));
        Path toRoot = Files.createSymbolicLink(shared.resolve("root"), Path.of("/"));
        Path within = Files.createSymbolicLink(shared.resolve("latest"), shared.resolve("runs"));
        SpecPolicy policy = policy(List.of(shared));

        assertThat(refusal(policy, mounting(toRoot.toString())))
                .contains("goes through a symbolic link (to /) that leads out of volume_allow_list");
        assertThatCode(() -> policy.check(mounting(within.toString()))).as("a link that stays allowed")
                .doesNotThrowAnyException();
        Path linkedAllowEntry = Files.createSymbolicLink(tmp.resolve("datasets-link"), shared);
        assertThatCode(() -> policy(List.of(linkedAllowEntry)).check(mounting(linkedAllowEntry + "/runs")))
                .as("an allowed directory that is itself a link").doesNotThrowAnyException();
    }

    @Test
    void aHostPathThatDoesNotExistIsRefusedRatherThanCreatedEmptyByDocker() throws Exception {
        String missing = tmp.resolve("nonexistent").toString();
        assertThat(refusal(missing)).isEqualTo("worker.volumes: " + missing + ": does not exist on the server;"
                + " create it there first (volumes are directories or files of the server's machine)");
        Path models = Files.createDirectories(tmp.resolve("models"));
        assertThat(refusal(policy(List.of(models)), mounting(models + "/bert")))
                .as("the allow-list lets a path be mounted, not be made up").contains("does not exist");
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("gone"));
        assertThat(refusal(dangling.toString())).contains("does not exist");
    }

    @Test
    void environmentNamesMustBePlainAndValuesSane() {
        SpecPolicy policy = policy(List.of());
        assertThat(refusal(policy, new JobSpec(null, null, null, Map.of("A=B", "x"), List.of(), null)))
                .contains("'A=B' is not a variable name");
        assertThat(refusal(policy, new JobSpec(null, null, null, Map.of("1X", "x"), List.of(), null)))
                .contains("not a variable name");
        assertThat(refusal(policy, new JobSpec(null, null, null, Map.of("X", "a\0b"), List.of(), null)))
                .contains("environment: X");
        assertThatCode(() -> policy.check(new JobSpec(null, null, null, Map.of("LR_2", "0.1"), List.of(), null)))
                .doesNotThrowAnyException();
    }
}
