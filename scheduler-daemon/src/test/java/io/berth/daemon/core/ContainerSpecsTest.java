package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecsTest {

    private static Map<String, String> environmentOfAJobWith(Map<String, String> environment) {
        JobSpec spec = new JobSpec("berth-worker:latest", null, null, environment, List.of(), null);
        Job job = Job.queued("01jobwithenv0001", null, "demo", List.of("main.py"), Map.of(), spec, "0".repeat(64), 1,
                Instant.now()).claimed();
        return ContainerSpecs.forJob(job, Path.of("/data/jobs/x"), 100).environment();
    }

    @Test
    void aPythonpathOfTheJobsOwnKeepsTheHelpersImportable() {
        assertThat(environmentOfAJobWith(Map.of("PYTHONPATH", "/job/job_source/src")))
                .containsEntry("PYTHONPATH", "/job/job_source/src:/opt/berth/python");
        assertThat(environmentOfAJobWith(Map.of("PYTHONPATH", "/opt/berth/python:/x")))
                .as("already there").containsEntry("PYTHONPATH", "/opt/berth/python:/x");
        assertThat(environmentOfAJobWith(Map.of("PYTHONPATH", ""))).as("an empty entry would add the working directory")
                .containsEntry("PYTHONPATH", "/opt/berth/python");
        assertThat(environmentOfAJobWith(Map.of())).as("the image's own stands").doesNotContainKey("PYTHONPATH");
    }
}
