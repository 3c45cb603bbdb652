/**
 * The job-side helper for Java jobs: {@link io.berth.sdk.job.JobContext} reads the job's parameters and
 * reports metrics, params, tags and artifacts to the events file the server reads
 * ({@code docs/job-helpers.md}). Nothing here talks to the server.
 */
package io.berth.sdk.job;
