package io.berth.sdk;

import io.berth.wire.ApiError;
import java.util.List;

/**
 * The server answered with an error. {@link #getMessage()} is the server's sentence; {@link #code()} is
 * stable for scripts (job_not_found, ambiguous_job_id, conflict, bad_request, bad_bundle, no_archive, ...).
 */
public class BerthApiException extends BerthException {
    private final int status;
    private final String code;
    private final List<String> candidates;

    public BerthApiException(int status, ApiError error) {
        super(error.message());
        this.status = status;
        this.code = error.code();
        this.candidates = error.candidates() == null ? List.of() : List.copyOf(error.candidates());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The job ids an ambiguous prefix matched; empty otherwise. */
    public List<String> candidates() {
        return candidates;
    }
}
