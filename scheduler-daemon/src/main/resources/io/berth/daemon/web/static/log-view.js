// A job's log as it is written: server-sent events (GET /jobs/{id}/logs/events) into a <pre>, a batch per
// frame, keeping at most MAX_LINES lines in the page so that a job printing 1,000 lines a second neither
// freezes the tab nor grows it without bound. The whole log stays one link away.
import { BASE, jobPath } from "./api.js";
import { h, replace } from "./dom.js";

export const MAX_LINES = 5000;

export class LogView {
  constructor(jobId, attempt) {
    this.jobId = jobId;
    this.lines = 0;
    this.dropped = 0;
    this.chunks = []; // [text node, its line count], oldest first
    this.pending = [];
    this.frame = null;
    this.pre = h("pre", { class: "log", tabindex: "0", "aria-label": "Log", "aria-live": "off" });
    this.state = h("p", { class: "muted log-state", role: "status" }, "Connecting…");
    this.note = h("p", { class: "muted", hidden: true });
    this.element = h("section", { class: "logs" }, this.state, this.note, this.pre);
    this.open(attempt);
  }

  open(attempt) {
    const url = BASE + jobPath(this.jobId, "/logs/events") + (attempt ? "?attempt=" + attempt : "");
    this.source = new EventSource(url);
    this.source.addEventListener("open", () => { this.state.textContent = "Following the log as it is written."; });
    this.source.addEventListener("attempt", (event) => {
      this.attempt = JSON.parse(event.data).attempt;
      this.push(["── attempt " + this.attempt + " ──"]);
    });
    this.source.addEventListener("log", (event) => this.push(event.data.split("\n")));
    this.source.addEventListener("end", (event) => {
      this.source.close();
      const end = JSON.parse(event.data);
      this.state.textContent = "The log is complete: the job " + end.state
        + (end.exitCode !== undefined ? " with exit code " + end.exitCode : "") + ".";
    });
    this.source.addEventListener("error", () => {
      // EventSource reconnects by itself (sending the last offset) unless the server refused outright
      this.state.textContent = this.source.readyState === EventSource.CLOSED
        ? "The log cannot be followed (the job may have been deleted)."
        : "Connection lost; reconnecting…";
    });
  }

  push(lines) {
    this.pending.push(lines);
    if (this.frame === null) {
      this.frame = requestAnimationFrame(() => this.flush());
    }
  }

  flush() {
    this.frame = null;
    let lines = this.pending.flat();
    this.pending = [];
    if (lines.length === 0) {
      return;
    }
    if (lines.length > MAX_LINES) {
      this.dropped += lines.length - MAX_LINES;
      lines = lines.slice(-MAX_LINES);
    }
    const atBottom = this.pre.scrollTop + this.pre.clientHeight >= this.pre.scrollHeight - 4;
    const node = document.createTextNode(lines.join("\n") + "\n");
    this.pre.append(node);
    this.chunks.push([node, lines.length]);
    this.lines += lines.length;
    while (this.lines > MAX_LINES && this.chunks.length > 1) {
      const [oldest, count] = this.chunks.shift();
      oldest.remove();
      this.lines -= count;
      this.dropped += count;
    }
    if (this.dropped > 0) {
      this.note.hidden = false;
      replace(this.note, `${this.dropped.toLocaleString()} earlier lines are not shown here; `,
        h("a", { href: BASE + jobPath(this.jobId, "/logs?attempt=" + (this.attempt ?? 1)), target: "_blank", rel: "noopener" }, "the whole log"),
        " has them.");
    }
    if (atBottom) {
      this.pre.scrollTop = this.pre.scrollHeight;
    }
  }

  close() {
    this.source.close();
    if (this.frame !== null) {
      cancelAnimationFrame(this.frame);
    }
  }
}
