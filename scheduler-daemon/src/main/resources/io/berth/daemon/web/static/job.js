// One job: what it is and why it ended, its params, tags, metrics charted, artifacts and live log; stop,
// delete and download its archive. Looked at again every 2 s until it has finished.
import { api, BASE, jobPath } from "./api.js";
import { h, replace, route, stateBadge, actionButton } from "./dom.js";
import * as format from "./format.js";
import { Chart, metricSeries, metricOptions, chartBox } from "./charts.js";
import { LogView } from "./log-view.js";
import { artifactList } from "./artifacts.js";

export async function jobPage(root, ctx, ref) {
  let details = await api(jobPath(ref, "/details"), { signal: ctx.signal });
  const id = details.job.id;
  let against = "step";
  const charts = new Map();
  ctx.onClose(() => charts.forEach((chart) => chart.destroy()));

  const heading = h("div", { class: "title" });
  const facts = h("section", { class: "facts" });
  const params = h("section", {});
  const tags = h("section", {});
  const chartsBox = h("div", { class: "charts" });
  const artifacts = h("section", {});
  let shownArtifacts = "";

  const againstSelect = h("select", { id: "against", "aria-label": "Metrics against",
    onchange: (event) => { against = event.target.value; charts.forEach((chart) => chart.destroy()); charts.clear(); showMetrics(); } },
    h("option", { value: "step" }, "against step"), h("option", { value: "time" }, "against time"));

  const attemptSelect = h("select", { id: "attempt", "aria-label": "Attempt" });
  const logBox = h("div", {});
  let log = null;
  function followLog(attempt) {
    log?.close();
    log = new LogView(id, attempt);
    replace(logBox, log.element);
  }
  ctx.onClose(() => log?.close());
  attemptSelect.addEventListener("change", () => followLog(attemptSelect.value));

  function showHeading(job) {
    const buttons = [];
    if (!["completed", "failed", "stopped"].includes(job.state)) {
      buttons.push(actionButton("Stop", async () => {
        if (confirm(`Stop job ${id}?`)) {
          await api(jobPath(id, "/stop"), { method: "POST" });
          await refresh();
        }
      }, { id: "stop", class: "danger" }));
    } else {
      buttons.push(h("a", { class: "button", id: "download", href: BASE + jobPath(id, "/archive"), download: id + ".tar.gz" }, "Download archive"));
      buttons.push(actionButton("Delete", async () => {
        if (confirm(`Delete job ${id}, its logs and its archive?`)) {
          await api(jobPath(id), { method: "DELETE" });
          location.hash = route("jobs", { project: job.project });
        }
      }, { id: "delete", class: "danger" }));
    }
    replace(heading, h("h1", {}, "Job ", h("code", {}, id), " ", stateBadge(job.state)), h("div", { class: "buttons" }, buttons));
  }

  function showFacts(job) {
    const rows = [
      ["Project", h("a", { href: route("jobs", { project: job.project }) }, job.project)],
      ["Sweep", job.sweepId ? h("a", { href: route("compare", { project: job.project, sweep: job.sweepId }) }, job.sweepId) : "—"],
      ["Command", h("code", {}, job.command.join(" "))],
      ["Image", job.image],
      ["Attempt", job.attempt],
      ["Submitted", format.time(job.createdAt)],
      ["Started", format.time(job.startedAt) || "—"],
      ["Finished", format.time(job.finishedAt) || "—"],
      ["Ran", format.runTime(job) || "—"],
      ["Exit code", job.exitCode ?? "—"],
      ["Asked for", format.requests(job.requests) || "a slot"],
      ["GPUs", job.gpuIds.join(", ") || "—"],
    ];
    const failed = job.state === "failed" || (job.reason && job.state !== "completed");
    replace(facts,
      job.reason ? h("p", { class: failed ? "reason failed" : "reason", role: failed ? "alert" : null, id: "reason" },
        (job.state === "failed" ? "Failed: " : "") + job.reason) : null,
      h("dl", {}, rows.map(([name, value]) => [h("dt", {}, name), h("dd", {}, value)])));
  }

  function showParams() {
    const submitted = details.job.params;
    const logged = details.loggedParams;
    const keys = [...new Set([...Object.keys(submitted), ...Object.keys(logged)])];
    replace(params, h("h2", {}, "Params"), keys.length === 0 ? h("p", { class: "muted" }, "None.")
      : h("div", { class: "scroll" }, h("table", { class: "params" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Param"), h("th", { scope: "col" }, "Submitted"), h("th", { scope: "col" }, "Logged by the job"))),
        h("tbody", {}, keys.map((key) => h("tr", {}, h("th", { scope: "row" }, key),
          h("td", {}, format.value(submitted[key])), h("td", {}, format.value(logged[key]))))))));
    const tagList = Object.entries(details.tags);
    replace(tags, h("h2", {}, "Tags"), tagList.length === 0 ? h("p", { class: "muted" }, "None.")
      : h("ul", { class: "tags" }, tagList.map(([key, value]) => h("li", {}, key, value ? h("span", {}, value) : null))));
  }

  function showMetrics() {
    const entries = Object.entries(details.metrics);
    if (entries.length === 0) {
      replace(chartsBox, h("p", { class: "muted" }, "No metrics logged yet (berth.log_metric)."));
      return;
    }
    if (chartsBox.querySelector("p")) {
      chartsBox.replaceChildren();
    }
    for (const [key, points] of entries) {
      const data = metricSeries(points, against);
      if (data[0].length === 0) {
        if (!charts.has(key)) {
          chartsBox.append(h("figure", { class: "chart" }, h("figcaption", {}, key), h("p", {}, format.value(points.at(-1).value))));
          charts.set(key, { update() {}, destroy() {} });
        }
        continue;
      }
      if (charts.has(key)) {
        charts.get(key).update(data);
      } else {
        const box = chartBox(key);
        box.dataset.metric = key;
        chartsBox.append(box);
        charts.set(key, new Chart(box, metricOptions(key, against), data));
      }
    }
  }

  function showArtifacts() {
    const text = JSON.stringify(details.artifacts);
    if (text !== shownArtifacts) {
      shownArtifacts = text;
      replace(artifacts, h("h2", {}, "Artifacts"), artifactList(id, details.artifacts, ctx.signal));
    }
  }

  function showAttempts(job) {
    const count = Math.max(1, job.attempt);
    if (attemptSelect.options.length !== count) {
      const chosen = attemptSelect.value;
      replace(attemptSelect, Array.from({ length: count }, (_, i) => h("option", { value: i + 1 }, "attempt " + (i + 1))));
      attemptSelect.value = chosen || String(count);
    }
  }

  function show() {
    const job = details.job;
    document.title = `${job.project} ${id} · Berth`;
    showHeading(job);
    showFacts(job);
    showParams();
    showMetrics();
    showArtifacts();
    showAttempts(job);
  }

  async function refresh() {
    details = await api(jobPath(id, "/details"), { signal: ctx.signal });
    show();
  }

  replace(root, heading, facts, params, tags,
    h("section", {}, h("div", { class: "title" }, h("h2", {}, "Metrics"), againstSelect), chartsBox),
    artifacts,
    h("section", {}, h("div", { class: "title" }, h("h2", {}, "Log"), attemptSelect), logBox));
  show();
  followLog(null);
  let finished = details.job.finishedAt !== undefined && ["completed", "failed", "stopped"].includes(details.job.state);
  await ctx.every(2000, async () => {
    if (!finished) {
      await refresh();
      finished = ["completed", "failed", "stopped"].includes(details.job.state);
    }
  });
}
