package io.berth.daemon.storage;

import io.berth.daemon.core.JobEvent;
import io.berth.daemon.core.JobEventSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code jobs/<id>/job/berth/events.jsonl}: whole lines only, a batch at a time. */
public final class FileJobEventSource implements JobEventSource {
    /** Where a job's helpers write, inside its /job mount. */
    public static final String EVENTS_PATH = "berth/events.jsonl";
    private static final int BATCH_BYTES = 1024 * 1024;
    /** Helpers keep lines under 64 KiB; a longer run without a newline is skipped as garbage. */
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final Path jobsDir;
    private final JobEventParser parser = new JobEventParser();

    public FileJobEventSource(Path dataDir) {
        this.jobsDir = dataDir.resolve("jobs");
    }

    @Override
    public Batch read(String jobId, long offset) {
        Path file = jobsDir.resolve(jobId).resolve("job").resolve(EVENTS_PATH);
        ByteBuffer buffer = ByteBuffer.allocate(BATCH_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(buffer, offset);
        } catch (NoSuchFileException e) {
            return new Batch(List.of(), offset, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the events of job " + jobId + " from " + file, e);
        }
        return parseLines(buffer.flip(), offset);
    }

    private Batch parseLines(ByteBuffer bytes, long offset) {
        List<JobEvent> events = new ArrayList<>();
        int rejected = 0;
        int start = 0;
        for (int i = 0; i < bytes.limit(); i++) {
            if (bytes.get(i) == '\n') {
                String line = new String(bytes.array(), start, i - start, StandardCharsets.UTF_8);
                var event = line.isBlank() ? java.util.Optional.<JobEvent>empty() : parser.parse(line);
                if (event.isPresent()) {
                    events.add(event.get());
                } else if (!line.isBlank()) {
                    rejected++;
                }
                start = i + 1;
            }
        }
        if (start == 0 && bytes.limit() >= MAX_LINE_BYTES) {
            return new Batch(events, offset + bytes.limit(), rejected + 1); // a runaway line: skip what we read of it
        }
        return new Batch(events, offset + start, rejected);
    }
}
