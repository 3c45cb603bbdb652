package io.berth.wire;

/**
 * POST /api/v1/job-config: a project's {@code job.config.yaml} for the server to read, so that clients in other
 * languages (the Python client) read it exactly as the CLI does, with the same errors.
 *
 * @param file          the file as its user names it, for error messages only: the server never opens it
 * @param text          the file's text, or null when the project has none
 * @param directoryName the project directory's name, the project's name when the file gives none
 */
public record ReadJobConfigRequest(String file, String text, String directoryName) {
    public ReadJobConfigRequest {
        file = file == null || file.isBlank() ? "job.config.yaml" : file;
    }
}
