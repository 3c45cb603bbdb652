package io.berth.cli;

import io.berth.sdk.Bundle;
import io.berth.sdk.Sizes;
import io.berth.sdk.SubmitListener;
import io.berth.wire.ServerStatus;
import java.util.stream.Collectors;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** What {@code berth submit} says while it bundles and uploads: size, large-bundle warning, a progress bar. */
final class SubmitProgress implements SubmitListener {
    private static final long PROGRESS_BAR_FROM = 8L * 1024 * 1024;

    private final Terminal terminal;
    private ProgressBar bar;

    private final boolean redrawable;

    SubmitProgress(Terminal terminal) {
        this(terminal, Terminal.errIsTerminal());
    }

    /** @param redrawable whether a bar can redraw itself in place; otherwise the upload is said once */
    SubmitProgress(Terminal terminal, boolean redrawable) {
        this.terminal = terminal;
        this.redrawable = redrawable;
    }

    @Override
    public void serverSeen(ServerStatus status) {
        if (status.docker() != null && !status.docker().answering()) {
            terminal.note("note: the server's Docker engine (" + status.docker().host() + ") does not answer; "
                    + "jobs stay queued until it does");
        }
    }

    @Override
    public void bundled(Bundle bundle) {
        terminal.note("bundled " + Plurals.count(bundle.fileCount(), "file") + ", " + Sizes.human(bundle.bytes())
                + " (sha256 " + bundle.sha256().substring(0, 12) + ")");
        if (bundle.isLarge()) {
            terminal.note("warning: the bundle is over " + Sizes.human(Bundle.WARN_BYTES) + "; largest entries: "
                    + bundle.largest().stream().map(e -> e.path() + " (" + Sizes.human(e.bytes()) + ")")
                            .collect(Collectors.joining(", "))
                    + ". List what the job does not need in .berthignore, or mount data with worker.volumes.");
        }
    }

    @Override
    public void uploadSkipped(Bundle bundle) {
        terminal.note("the server already has this bundle; nothing to upload");
    }

    @Override
    public void uploadStarted(Bundle bundle) {
        if (bundle.bytes() >= PROGRESS_BAR_FROM && !redrawable) {
            terminal.note("uploading " + Sizes.human(bundle.bytes()));
        } else if (bundle.bytes() >= PROGRESS_BAR_FROM) {
            bar = new ProgressBarBuilder()
                    .setTaskName("uploading")
                    .setInitialMax(bundle.bytes())
                    .setUnit(" MiB", 1024 * 1024)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        terminal.err().print("\r" + line);
                        terminal.err().flush();
                    }))
                    .build();
        }
    }

    @Override
    public synchronized void uploadProgress(long sentBytes, long totalBytes) {
        if (bar != null) {
            bar.stepTo(sentBytes);
        }
    }

    @Override
    public synchronized void uploadFinished(Bundle bundle) {
        if (bar != null) {
            bar.close();
            terminal.err().println();
        }
        terminal.note("uploaded the bundle");
    }
}
