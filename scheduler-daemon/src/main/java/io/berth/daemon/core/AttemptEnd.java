package io.berth.daemon.core;

import io.berth.config.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * How one attempt of a job ended: a kind per way, with what that way carries. {@link AttemptEnds} decides
 * it from what the runtime reported; {@link AttemptOutcome} turns it into the job's transition. Each kind
 * words its own reason, so no one has to read the wording back to tell kinds apart.
 */
public sealed interface AttemptEnd {

    /** Why, for people: the job's reason and the log's; null for an exit 0. */
    String reason();

    /** The container's exit code, where the attempt had one. */
    default Integer exitCode() {
        return null;
    }

    /** When it ended by the engine's clock; null where only the server's clock can say. */
    default Instant at() {
        return null;
    }

    /**
     * The container exited by itself.
     *
     * @param hint what the log should say beside the exit, or null (an image without the shell Berth needs)
     */
    record Exited(int code, boolean oomKilled, Instant at, String hint) implements AttemptEnd {
        public boolean failed() {
            return code != 0 || oomKilled;
        }

        @Override
        public Integer exitCode() {
            return code;
        }

        @Override
        public String reason() {
            if (oomKilled) {
                return "out of memory (killed at its memory limit)";
            }
            return code == 0 ? null : describeExit(code);
        }

        /** Exit codes a shell or signal gives meaning to, said in words. */
        private static String describeExit(int code) {
            return switch (code) {
                case 126 -> "exit code 126 (command not executable)";
                case 127 -> "exit code 127 (command not found)";
                case 137 -> "exit code 137 (killed by SIGKILL)";
                case 143 -> "exit code 143 (terminated by SIGTERM)";
                default -> "exit code " + code;
            };
        }
    }

    /** It ran past its timeout and Berth stopped it. */
    record TimedOut(Integer exitCode, Duration limit, Instant at) implements AttemptEnd {
        @Override
        public String reason() {
            return "timeout: ran longer than its limit of " + Durations.format(limit);
        }
    }

    /** A user stopped it before its container ran (a stop once it runs is the job's, see {@link AttemptOutcome}). */
    record StoppedByUser(Integer exitCode, Instant at, String reason) implements AttemptEnd {
        public static StoppedByUser beforeItStarted() {
            return new StoppedByUser(null, null, "stopped by user before it started");
        }

        public static StoppedByUser afterExit(Integer exitCode, Instant at) {
            return new StoppedByUser(exitCode, at, "stopped by user");
        }
    }

    /** The engine, not the job, ended it: stopped it as it shut down or restarted, or died under it. */
    record LostToEngine(String reason) implements AttemptEnd {
        public static LostToEngine stoppedWithTheEngine(int exitCode) {
            return new LostToEngine("the Docker engine stopped while it ran (exit " + exitCode + ")");
        }
    }

    /**
     * Its agent lost touch with the head for most of its lease and stopped it, before the head gives the job to the
     * queue again: the machine's loss, not the job's, so the attempt does not count (as {@link LostToEngine}).
     */
    record LeaseLost(String reason) implements AttemptEnd {}

    /** Berth could not follow its container to an exit though the engine answers: nobody's fault that is known. */
    record LostTouch(String reason) implements AttemptEnd {
        public static LostTouch because(String detail) {
            return new LostTouch("Berth lost touch with its container: " + detail);
        }
    }

    /** Its container disappeared under it. */
    record ContainerVanished(String reason) implements AttemptEnd {
        public static ContainerVanished removedWhileItRan() {
            return new ContainerVanished("its container vanished (removed outside Berth?)");
        }

        public static ContainerVanished goneWhenTheEngineAnswered(String detail) {
            return new ContainerVanished("its container was gone when Docker answered again (" + detail + ")");
        }

        public static ContainerVanished goneWhenTheServerRestarted() {
            return new ContainerVanished("its container was gone when the server restarted");
        }
    }

    /** No container could be started, for a reason that is the job's own (image missing, bad command, its files). */
    record JobCouldNotStart(String reason) implements AttemptEnd {}

    /** No container could be started, for a reason neither the job's nor known to be the engine's. */
    record EngineCouldNotStart(String reason) implements AttemptEnd {
        public static EngineCouldNotStart because(String detail) {
            return new EngineCouldNotStart("Docker could not start its container: " + detail);
        }
    }

    /**
     * No container could be started because the engine is in trouble (its network bridge missing, a connection
     * it had closed, its shutdown): not the job's attempt to lose.
     *
     * @param fault the engine's trouble in a few words
     */
    record EngineFault(String fault) implements AttemptEnd {
        @Override
        public String reason() {
            return "the Docker engine failed to start its container (" + fault + "); it waits in the queue,"
                    + " no attempt used";
        }
    }

    /** The server is stopping: the container runs on (or may), for the next start to take up. */
    record LeftRunning(String reason) implements AttemptEnd {}
}
