package io.berth.daemon.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * What tells {@link LeaseWatch} that the agent still runs: the agent holds a lock on {@code <agent data>/agent.lock}
 * for as long as it runs, and the kernel lets it go when the process ends, however it ends (a process id can be
 * taken by another process, and a dead agent nobody reaped still has one).
 */
final class AgentLock implements AutoCloseable {
    static final String FILE_NAME = "agent.lock";
    /** How long a starting agent waits for the lock: a watch asking whether it is held holds it for an instant. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FileChannel channel;

    private AgentLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Takes the lock for this process's life.
     *
     * @throws IllegalStateException if another agent holds it
     */
    static AgentLock hold(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new AgentLock(channel);
                }
                if (System.nanoTime() - deadline > 0) {
                    channel.close();
                    throw new IllegalStateException("another agent runs from " + dataDir.getParent() + " (it holds "
                            + file + ")");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while locking " + file, e);
        }
    }

    /** Whether an agent holds the lock now. */
    static boolean held(Path dataDir) {
        return locked(dataDir.resolve(FILE_NAME));
    }

    /** Whether a process (this one too) holds a lock on {@code file} now: asked by taking it for an instant. */
    static boolean locked(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException heldHere) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask whether " + file + " is locked", e);
        }
    }

    /** Lets the lock go: the agent is stopping. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the process ends soon, and the lock with it
        }
    }
}
