package io.berth.sdk;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Which jobs to list: by project, sweep (a unique start of its id) and state; null matches all. */
public record JobQuery(String project, String sweep, String state) {
    public static final JobQuery ALL = new JobQuery(null, null, null);

    public JobQuery withProject(String newProject) {
        return new JobQuery(newProject, sweep, state);
    }

    public JobQuery withSweep(String newSweep) {
        return new JobQuery(project, newSweep, state);
    }

    public JobQuery withState(String newState) {
        return new JobQuery(project, sweep, newState);
    }

    String toQueryString() {
        List<String> parts = new ArrayList<>();
        add(parts, "project", project);
        add(parts, "sweep", sweep);
        add(parts, "state", state);
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null) {
            parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
