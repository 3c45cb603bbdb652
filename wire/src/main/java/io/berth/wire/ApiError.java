package io.berth.wire;

import java.util.List;

/**
 * Every non-2xx answer of the API. {@code code} is stable for scripts (job_not_found, ambiguous_job_id,
 * conflict, bad_request, ...); {@code message} is a sentence for people; {@code candidates} lists the
 * matching ids when a prefix was ambiguous.
 */
public record ApiError(String code, String message, List<String> candidates) {
    public ApiError(String code, String message) {
        this(code, message, null);
    }
}
