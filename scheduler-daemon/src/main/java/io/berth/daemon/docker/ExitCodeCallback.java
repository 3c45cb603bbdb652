package io.berth.daemon.docker;

import com.github.dockerjava.api.model.WaitResponse;

/** Receives the one answer of a container wait: its exit code. */
final class ExitCodeCallback extends StreamCallback<WaitResponse> {
    private volatile Integer exitCode;

    @Override
    public void onNext(WaitResponse response) {
        exitCode = response.getStatusCode();
    }

    /** Null if the stream ended without an answer. */
    Integer exitCode() {
        return exitCode;
    }
}
