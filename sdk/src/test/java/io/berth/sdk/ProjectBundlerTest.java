package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.archive.SafeTarExtractor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectBundlerTest {
    @TempDir
    Path project;
    private final ProjectBundler bundler = new ProjectBundler();
    private final List<Bundle> bundles = new ArrayList<>();

    @AfterEach
    void deleteBundles() {
        bundles.forEach(Bundle::close);
    }

    private Bundle bundle() {
        Bundle b = bundler.bundle(project);
        bundles.add(b);
        return b;
    }

    private Path write(String path, String content) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** Entry name to entry, in archive order. */
    private static Map<String, TarArchiveEntry> entries(Bundle bundle) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(bundle.file())))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), e);
            }
        }
        return entries;
    }

    private static String content(Bundle bundle, String name) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(bundle.file())))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return new String(tar.readAllBytes());
                }
            }
        }
        throw new AssertionError(name + " not in bundle");
    }

    private void sampleProject() throws IOException {
        write("main.py", "print('hi')\n");
        write("job.config.yaml", "num_gpus: 0\n");
        write("data/train.csv", "a,b\n1,2\n");
        write("src/pkg/model.py", "x = 1\n");
    }

    @Test
    void theSameProjectGivesTheSameBytes() throws Exception {
        sampleProject();
        Bundle first = bundle();
        Bundle second = bundle();
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(first.file()));
        assertThat(first.file()).isNotEqualTo(second.file());
    }

    @Test
    void theDigestIsTheSha256OfTheFile() throws Exception {
        sampleProject();
        Bundle b = bundle();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(b.file())));
        assertThat(b.sha256()).isEqualTo(expected).hasSize(64);
        assertThat(b.bytes()).isEqualTo(Files.size(b.file()));
    }

    @Test
    void touchingAFileDoesNotChangeTheDigest() throws Exception {
        sampleProject();
        String before = bundle().sha256();
        Files.setLastModifiedTime(project.resolve("main.py"), FileTime.fromMillis(System.currentTimeMillis() + 86_400_000));
        Files.setLastModifiedTime(project.resolve("data"), FileTime.fromMillis(12345));
        assertThat(bundle().sha256()).isEqualTo(before);
    }

    @Test
    void changingContentChangesTheDigest() throws Exception {
        sampleProject();
        String before = bundle().sha256();
        write("main.py", "print('hello')\n");
        assertThat(bundle().sha256()).isNotEqualTo(before);
    }

    @Test
    void addingAnEmptyDirectoryChangesTheDigest() throws Exception {
        sampleProject();
        String before = bundle().sha256();
        Files.createDirectories(project.resolve("outputs"));
        assertThat(bundle().sha256()).isNotEqualTo(before);
        assertThat(entries(bundles.get(1))).containsKey("outputs/");
    }

    @Test
    void entriesAreSortedRelativeAndAnonymous() throws Exception {
        sampleProject();
        Bundle b = bundle();
        Map<String, TarArchiveEntry> entries = entries(b);
        assertThat(entries.keySet()).containsExactly(
                "data/", "data/train.csv", "job.config.yaml", "main.py", "src/", "src/pkg/", "src/pkg/model.py");
        for (TarArchiveEntry e : entries.values()) {
            assertThat(e.getModTime().getTime()).isEqualTo(ProjectBundler.MTIME.toMillis());
            assertThat(e.getLongUserId()).isZero();
            assertThat(e.getLongGroupId()).isZero();
            assertThat(e.getUserName()).isEmpty();
            assertThat(e.getGroupName()).isEmpty();
        }
        assertThat(entries.get("main.py").getMode()).isEqualTo(0100644);
        assertThat(entries.get("data/").getMode()).isEqualTo(040755);
        assertThat(content(b, "data/train.csv")).isEqualTo("a,b\n1,2\n");
        assertThat(b.fileCount()).isEqualTo(4);
    }

    @Test
    void theGzipHeaderHasNoTimestamp() throws Exception {
        sampleProject();
        byte[] header = new byte[10];
        try (InputStream in = Files.newInputStream(bundle().file())) {
            assertThat(in.read(header)).isEqualTo(10);
        }
        assertThat(header[0] & 0xff).isEqualTo(0x1f);
        assertThat(header[1] & 0xff).isEqualTo(0x8b);
        assertThat(new byte[] {header[4], header[5], header[6], header[7]}).containsOnly(0);
    }

    @Test
    void executablesKeepTheirBit() throws Exception {
        Path script = write("run.sh", "#!/bin/sh\necho hi\n");
        assumeTrue(Files.getFileAttributeView(script, java.nio.file.attribute.PosixFileAttributeView.class) != null);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        write("plain.txt", "x");
        Files.setPosixFilePermissions(project.resolve("plain.txt"), PosixFilePermissions.fromString("rw-------"));
        Map<String, TarArchiveEntry> entries = entries(bundle());
        assertThat(entries.get("run.sh").getMode()).isEqualTo(0100755);
        assertThat(entries.get("plain.txt").getMode()).isEqualTo(0100644);
    }

    @Test
    void gitDirectoriesAreAlwaysLeftOut() throws Exception {
        sampleProject();
        write(".git/HEAD", "ref: refs/heads/main\n");
        write("vendor/lib/.git/config", "[core]\n");
        write(".gitignore", "*.log\n");
        assertThat(entries(bundle()).keySet()).contains(".gitignore", "vendor/lib/")
                .noneMatch(name -> name.contains(".git/"));
    }

    @Test
    void theProjectsSubmissionConfigsAndTheirTokensStayOut() throws Exception {
        sampleProject();
        write("config/submission/lab.config.yaml", "scheduler_url: https://lab:5000\ntoken: berth_secret\n");
        write("config/model.yaml", "layers: 3\n");
        assertThat(entries(bundle()).keySet()).contains("config/model.yaml")
                .noneMatch(name -> name.startsWith("config/submission"));
    }

    @Test
    void berthignorePatternsNegationAndDirectories() throws Exception {
        sampleProject();
        write(".berthignore", """
                # comments and blank lines are fine

                *.log
                !keep.log
                data/
                /build
                **/__pycache__/
                secrets/*.key
                """);
        write("debug.log", "x");
        write("keep.log", "x");
        write("sub/trace.log", "x");
        write("data/big.bin", "x");
        write("build/out.o", "x");
        write("src/build/kept.txt", "x");
        write("src/pkg/__pycache__/model.pyc", "x");
        write("secrets/api.key", "x");
        write("secrets/README", "x");
        assertThat(entries(bundle()).keySet()).containsExactly(
                ".berthignore", "job.config.yaml", "keep.log", "main.py", "secrets/", "secrets/README", "src/",
                "src/build/", "src/build/kept.txt", "src/pkg/", "src/pkg/model.py", "sub/");
    }

    @Test
    void berthignoreFilesInSubdirectoriesApplyBelowThem() throws Exception {
        write("main.py", "x");
        write("a.tmp", "root tmp, kept: the sub's rule does not reach up");
        write("sub/.berthignore", "*.tmp\n!important.tmp\n");
        write("sub/x.tmp", "x");
        write("sub/important.tmp", "x");
        write("sub/deeper/y.tmp", "x");
        assertThat(entries(bundle()).keySet()).containsExactly(
                "a.tmp", "main.py", "sub/", "sub/.berthignore", "sub/deeper/", "sub/important.tmp");
    }

    @Test
    void theDeeperIgnoreFileWins() throws Exception {
        write(".berthignore", "*.csv\n");
        write("data/.berthignore", "!wanted.csv\n");
        write("data/wanted.csv", "x");
        write("data/other.csv", "x");
        assertThat(entries(bundle()).keySet()).contains("data/wanted.csv").doesNotContain("data/other.csv");
    }

    @Test
    void aStaleParametersFileIsLeftOut() throws Exception {
        write("main.py", "x");
        write(ProjectFiles.PARAMETERS_FILE, "{\"lr\": 1}");
        assertThat(entries(bundle()).keySet()).containsExactly("main.py");
    }

    @Test
    void linksInsideTheProjectAreKeptAsLinks() throws Exception {
        write("data/real.csv", "x");
        Files.createSymbolicLink(project.resolve("current.csv"), Path.of("data/real.csv"));
        Files.createSymbolicLink(project.resolve("data/alias"), Path.of("."));
        // a run's output the job makes later: dangling now, inside the project all the same
        Files.createSymbolicLink(project.resolve("latest"), Path.of("runs/current"));
        Map<String, TarArchiveEntry> entries = entries(bundle());
        assertThat(entries.get("current.csv").isSymbolicLink()).isTrue();
        assertThat(entries.get("current.csv").getLinkName()).isEqualTo("data/real.csv");
        assertThat(entries.get("data/alias").isSymbolicLink()).isTrue();
    }

    @Test
    void linksOutOfTheProjectAreRefusedByName(@TempDir Path elsewhere) throws Exception {
        write("main.py", "x");
        Files.writeString(elsewhere.resolve("secret"), "x");
        Files.createDirectories(project.resolve("data"));
        String escape = "../../" + project.getParent().relativize(elsewhere) + "/secret";
        Files.createSymbolicLink(project.resolve("data/escape"), Path.of(escape));
        assertThatThrownBy(this::bundle).isInstanceOf(BundleException.class)
                .hasMessageStartingWith("a link in the project cannot be bundled; point it at a file inside the project")
                .hasMessageEndingWith("\n  data/escape -> " + escape + ": leads out of the project");

        Files.delete(project.resolve("data/escape"));
        Files.createSymbolicLink(project.resolve("data/abs"), elsewhere.resolve("secret"));
        assertThatThrownBy(this::bundle).isInstanceOf(BundleException.class)
                .hasMessageEndingWith("\n  data/abs -> " + elsewhere.resolve("secret") + ": an absolute path");
    }

    /** The server unpacks the bundle under another name, so "../links/" leaves even in a project named links. */
    @Test
    void aLinkComingBackInThroughTheProjectsOwnNameIsRefusedAsTheServerWould() throws Exception {
        Path links = Files.createDirectories(project.resolve("links"));
        Files.writeString(links.resolve("main.py"), "x");
        Files.createSymbolicLink(links.resolve("up_inner.py"), Path.of("../links/main.py"));

        assertThatThrownBy(() -> bundler.bundle(links)).isInstanceOf(BundleException.class)
                .hasMessageEndingWith("\n  up_inner.py -> ../links/main.py: leads out of the project (it comes back"
                        + " in through the directory's own name, which the server's copy does not have)");
    }

    @Test
    void everyBadLinkIsReportedAtOnceWithItsTarget() throws Exception {
        write("main.py", "x");
        Files.createDirectories(project.resolve("data"));
        Files.createSymbolicLink(project.resolve("abs"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(project.resolve("data/gone"), Path.of("missing.csv"));
        Files.createSymbolicLink(project.resolve("here"), Path.of("."));
        Files.createSymbolicLink(project.resolve("up"), Path.of("here/.."));

        assertThatThrownBy(this::bundle).isInstanceOf(BundleException.class)
                .hasMessageStartingWith("2 links in the project cannot be bundled; point each at a file inside")
                .hasMessageEndingWith(":\n"
                        + "  abs -> /etc/hostname: an absolute path\n"
                        + "  up -> here/..: leads out of the project through another link");
    }

    @Test
    void linksTheBundlerKeepsTheServersExtractorAccepts(@TempDir Path unpacked) throws Exception {
        write("data/real.csv", "x");
        write("src/pkg/model.py", "x");
        Files.createSymbolicLink(project.resolve("current.csv"), Path.of("data/real.csv"));
        Files.createSymbolicLink(project.resolve("src/pkg/data"), Path.of("../../data"));
        Files.createSymbolicLink(project.resolve("src/pkg/same.py"), Path.of("./model.py"));
        Files.createSymbolicLink(project.resolve("data/alias"), Path.of("."));

        new SafeTarExtractor(1 << 20, 100).extract(bundle().file(), unpacked.resolve("job"));

        assertThat(unpacked.resolve("job/src/pkg/data/real.csv")).hasContent("x");
    }

    @Test
    void anIgnoredLinkOutIsFine() throws Exception {
        write("main.py", "x");
        write(".berthignore", "venv\n");
        Files.createSymbolicLink(project.resolve("venv"), Path.of("/usr"));
        assertThat(entries(bundle()).keySet()).containsExactly(".berthignore", "main.py");
    }

    @Test
    void anUnreadableFileIsNamed() throws Exception {
        Path file = write("data/locked.bin", "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(file), "running as root: every file is readable");
        assertThatThrownBy(this::bundle).isInstanceOf(BundleException.class)
                .hasMessage("cannot read data/locked.bin in the project: permission denied");
    }

    @Test
    void readErrorsNameThePathInTheProject() {
        assertThat(ProjectFiles.cannotRead("data/locked.bin", new java.nio.file.AccessDeniedException("/abs/data/locked.bin")))
                .hasMessage("cannot read data/locked.bin in the project: permission denied");
    }

    @Test
    void aMissingProjectIsNamed() {
        Path missing = project.resolve("nope");
        assertThatThrownBy(() -> bundler.bundle(missing)).isInstanceOf(BundleException.class)
                .hasMessage("the project directory " + missing + " does not exist");
    }

    @Test
    void reportsTheLargestFilesAndWhetherTheBundleIsLarge() throws Exception {
        write("a.bin", "x".repeat(300));
        write("b.bin", "x".repeat(100));
        write("c/d.bin", "x".repeat(200));
        Bundle b = bundle();
        assertThat(b.largest()).containsExactly(
                new Bundle.Entry("a.bin", 300), new Bundle.Entry("c/d.bin", 200), new Bundle.Entry("b.bin", 100));
        assertThat(b.isLarge()).isFalse();
        assertThat(new Bundle(b.file(), b.sha256(), Bundle.WARN_BYTES + 1, 1, List.of()).isLarge()).isTrue();
    }

    @Test
    void longAndNonAsciiNamesSurvive() throws Exception {
        String deep = "d/".repeat(70) + "données.txt";
        write(deep, "x");
        Bundle first = bundle();
        assertThat(entries(first)).containsKey(deep);
        assertThat(bundle().sha256()).isEqualTo(first.sha256());
    }

    @Test
    void closingTheBundleDeletesItsFile() throws Exception {
        write("main.py", "x");
        Bundle b = bundler.bundle(project);
        b.close();
        assertThat(b.file()).doesNotExist();
    }

    /**
     * The Python client bundles to the same bytes, so an unchanged project is not uploaded twice whichever client
     * sent it: python/tests/test_bundle.py pins this digest for the same project (make_java_vector_project). A
     * change of commons-compress, the JDK's Deflater or the bundler that breaks it fails here too.
     */
    @Test
    void theBytesAreThoseThePythonClientPins() throws Exception {
        makePythonVectorProject();
        Bundle b = bundle();
        assertThat(b.sha256()).isEqualTo("f345d636eaee48f3b90ee0743e18970a03e779fa8822b2c7bd675ec92e3c20e5");
        assertThat(b.fileCount()).isEqualTo(9);
    }

    /** What makes tar headers differ: modes, long and non-ASCII names, links, empty directories, 640 kB of noise. */
    private void makePythonVectorProject() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream noise = new ByteArrayOutputStream();
        for (int i = 0; i < 20000; i++) {
            noise.write(sha256.digest(Integer.toString(i).getBytes(StandardCharsets.US_ASCII)));
        }
        Files.createDirectories(project.resolve("data/empty"));
        Files.write(project.resolve("data/noise.bin"), noise.toByteArray());
        Files.setPosixFilePermissions(write("main.py", "print('hello')\n"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write("src/model.py", IntStream.range(0, 5000).mapToObj(i -> "w" + i + " = " + i * i)
                .collect(Collectors.joining("\n")));
        write("src/" + "n".repeat(120) + ".txt", "long name\n");
        write("src/\u00dcn\u00efc\u00f6d\u00e9-\u540d\u524d.txt", "unicode\n");
        write(".berthignore", "*.log\n!keep.log\n");
        write("logs/a.log", "left out\n");
        write("logs/keep.log", "kept\n");
        Files.createSymbolicLink(project.resolve("src/main_link.py"), Path.of("../main.py"));
        Files.createSymbolicLink(project.resolve("source"), Path.of("src"));
    }
}
