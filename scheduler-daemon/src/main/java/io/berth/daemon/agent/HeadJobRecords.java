package io.berth.daemon.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobRecords;
import io.berth.daemon.core.Workspace;
import io.berth.sdk.AgentChannel;
import io.berth.sdk.BerthApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The records of the jobs an agent runs: the head's, read and written over HTTP. A write carries the attempt it was
 * made in, and the head refuses it if the job is no longer this agent's in that attempt. Before a write the job's
 * log is sent, and before the write that finishes a job its archive (made here just before): the head never counts
 * a job ended before it has all of its log and its archive.
 */
final class HeadJobRecords implements JobRecords {
    private final AgentChannel head;
    private final AgentRuns runs;
    private final Workspace workspace;
    private final ObjectMapper json = HeadCalls.json();

    HeadJobRecords(AgentChannel head, AgentRuns runs, Workspace workspace) {
        this.head = head;
        this.runs = runs;
        this.workspace = workspace;
    }

    @Override
    public Optional<Job> find(String id) {
        try {
            Job job = read(HeadCalls.call("read job " + id, () -> head.job(id)));
            // a later attempt of the job, here or claimed again for this agent, is not this run's to read and write
            int attempt = runs.attempt(id);
            if (job.attempt() != attempt) {
                throw new HeadCalls.FencedByHeadException("job " + id + " is in attempt " + job.attempt()
                        + " at the head; this agent runs attempt " + attempt);
            }
            runs.seen(job);
            return Optional.of(job);
        } catch (BerthApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean replace(Job current, Job next) {
        runs.flushLog(current.id());
        Optional<Path> archive = next.state().isFinished() ? workspace.archiveFile(next.id()) : Optional.empty();
        archive.ifPresent(file -> HeadCalls.call("take the archive of job " + next.id(), () -> {
            head.uploadArchive(next.id(), current.attempt(), file);
            return null;
        }));
        byte[] body = write(next);
        boolean written = HeadCalls.call("record job " + current.id(),
                () -> head.replaceJob(current.id(), current.attempt(), current.version(), body));
        if (written) {
            runs.seen(next);
            if (!next.state().isActive()) {
                runs.settled(next.id());
            }
            archive.ifPresent(file -> workspace.deleteArchive(next.id())); // the head's copy is the job's
        }
        return written;
    }

    private Job read(byte[] body) {
        try {
            return json.readValue(body, Job.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the head sent a job record this agent cannot read", e);
        }
    }

    private byte[] write(Job job) {
        try {
            return json.writeValueAsBytes(job);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write job " + job.id() + " as JSON", e);
        }
    }
}
