package io.berth.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The YAML shape of a submission config: Berth's keys plus Atlas's, which bind to anything and are ignored. */
record SubmissionConfigFile(
        String schedulerUrl,
        String token,
        Object jobResultsRoot,
        Object workingDirRoot,
        Object containerConfigRoot,
        Object jobDeploymentEnv,
        Object cacheConfig,
        Object redisUrl,
        Object worker,
        Object jobStoreDirRoot,
        Object resultsConfig,
        Object sshConfig,
        Object logLevel,
        String caCert) {

    SubmissionConfigFile {
        SubmissionConfig.parseSchedulerUrl("scheduler_url", schedulerUrl);
        if (token != null && token.isBlank()) {
            throw ConfigException.invalid("token", "must not be empty");
        }
        if (caCert != null && (caCert.isBlank()
                || !SubmissionConfig.parseSchedulerUrl("scheduler_url", schedulerUrl).getScheme().equalsIgnoreCase("https"))) {
            throw ConfigException.invalid("ca_cert", caCert.isBlank() ? "must not be empty"
                    : "needs an https:// scheduler_url: a CA certificate only matters to TLS");
        }
    }

    /** @param file the config's own file: a relative {@code ca_cert} is relative to its directory */
    SubmissionConfig toConfig(Path file) {
        Map<String, Object> atlasKeys = new LinkedHashMap<>();
        atlasKeys.put("job_results_root", jobResultsRoot);
        atlasKeys.put("working_dir_root", workingDirRoot);
        atlasKeys.put("container_config_root", containerConfigRoot);
        atlasKeys.put("job_deployment_env", jobDeploymentEnv);
        atlasKeys.put("cache_config", cacheConfig);
        atlasKeys.put("redis_url", redisUrl);
        atlasKeys.put("worker", worker);
        atlasKeys.put("job_store_dir_root", jobStoreDirRoot);
        atlasKeys.put("results_config", resultsConfig);
        atlasKeys.put("ssh_config", sshConfig);
        atlasKeys.put("log_level", logLevel);
        List<String> ignored = new ArrayList<>();
        atlasKeys.forEach((key, value) -> {
            if (value != null) {
                ignored.add(key);
            }
        });
        return new SubmissionConfig(SubmissionConfig.parseSchedulerUrl("scheduler_url", schedulerUrl), token, ignored,
                caCert == null ? null : BerthHome.resolveUserPath(file.toAbsolutePath().getParent(), caCert));
    }
}
