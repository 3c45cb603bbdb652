package io.berth.daemon.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.core.JobStoreException;
import io.berth.daemon.core.JobTakenBackException;
import io.berth.sdk.AgentChannel;
import io.berth.sdk.BerthApiException;
import io.berth.sdk.BerthException;
import io.berth.wire.WireJson;
import java.util.function.Supplier;

/**
 * How an agent's calls to its head fail, in the terms its job runner knows: a call the head refuses as fenced is a
 * {@link FencedByHeadException} (the job is no longer this agent's: stop it); any other failure to get an answer
 * (the head is down or unreachable) is a {@link JobStoreException}, which the runner waits out, as it waits out
 * Redis on the head.
 */
final class HeadCalls {
    private HeadCalls() {}

    /** The JSON of the head's answers: what the head sends of its records, read leniently (a newer head adds fields). */
    static ObjectMapper json() {
        return WireJson.mapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (BerthApiException e) {
            if (e.status() == 409 && AgentChannel.FENCED.equals(e.code())) {
                throw new FencedByHeadException(e.getMessage());
            }
            if (e.status() >= 500) {
                throw new JobStoreException("the head could not " + what + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (BerthException e) {
            throw new JobStoreException("the head could not be reached to " + what + ": " + e.getMessage(), e);
        }
    }

    /** The head refused a report because the job is no longer this agent's in that attempt. */
    static final class FencedByHeadException extends JobTakenBackException {
        FencedByHeadException(String message) {
            super(message);
        }
    }
}
