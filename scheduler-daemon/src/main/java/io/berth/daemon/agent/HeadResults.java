package io.berth.daemon.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.cluster.AgentProtocol;
import io.berth.daemon.core.JobEvent;
import io.berth.daemon.core.JobSummary;
import io.berth.daemon.core.ResultsSink;
import io.berth.sdk.AgentChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The head's results store, for the jobs this agent runs: each call carries the job's attempt, as the head checks. */
final class HeadResults implements ResultsSink {
    private final AgentChannel head;
    private final AgentRuns runs;
    private final ObjectMapper json = HeadCalls.json();

    HeadResults(AgentChannel head, AgentRuns runs) {
        this.head = head;
        this.runs = runs;
    }

    @Override
    public long offset(String jobId) {
        return call(jobId, "offset", Map.of(), AgentProtocol.Offset.class).offset();
    }

    @Override
    public boolean append(String jobId, long fromOffset, long toOffset, List<JobEvent> events) {
        return call(jobId, "append", new AgentProtocol.Append(fromOffset, toOffset, events),
                AgentProtocol.Stored.class).stored();
    }

    @Override
    public Map<String, JobSummary> summaries(Collection<String> jobIds) {
        Map<String, JobSummary> summaries = new LinkedHashMap<>();
        for (String jobId : jobIds) {
            summaries.put(jobId, call(jobId, "summary", Map.of(), JobSummary.class));
        }
        return summaries;
    }

    /** Nothing: the head forgets what a job reported when it queues the job again. */
    @Override
    public void delete(String jobId) {
    }

    private <T> T call(String jobId, String what, Object body, Class<T> answer) {
        int attempt = runs.attempt(jobId);
        byte[] bytes = HeadCalls.call("take the results of job " + jobId,
                () -> head.results(jobId, attempt, what, write(body)));
        try {
            return json.readValue(bytes, answer);
        } catch (IOException e) {
            throw new UncheckedIOException("the head sent an answer to a results call this agent cannot read", e);
        }
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
