/**
 * The server's disk: content-addressed bundles, job directories, log files and archives, laid out
 * under the data directory as {@code bundles/}, {@code jobs/<id>/{job,logs}} and {@code archives/}.
 */
package io.berth.daemon.storage;
