// Comparing the jobs of a project or a sweep: one row per job with its params and latest metrics, the best job
// by a chosen metric and direction marked, that metric plotted against a chosen param, every param and the
// metric in parallel coordinates, and the curves of the jobs ticked overlaid.
import { api, jobPath } from "./api.js";
import { h, replace, route, jobLink, stateBadge } from "./dom.js";
import * as format from "./format.js";
import { Chart, aligned, colour, metricSeries, scatterOptions, chartBox } from "./charts.js";
import { parallelCoordinates } from "./parallel.js";

/** The most jobs compared at once (pages of 500), and the most curves overlaid. */
const MAX_JOBS = 2000;
const MAX_CURVES = 10;

async function allJobs(project, sweep, signal) {
  const jobs = [];
  let total = Infinity;
  while (jobs.length < Math.min(total, MAX_JOBS)) {
    const search = new URLSearchParams({ project, offset: jobs.length, limit: 500, sort: "created", order: "asc" });
    if (sweep) {
      search.set("sweep", sweep);
    }
    const page = await api("/pages/jobs?" + search, { signal });
    total = page.total;
    jobs.push(...page.jobs);
    if (page.jobs.length === 0) {
      break;
    }
  }
  return { jobs, total };
}

function paramsOf(job) {
  return { ...job.params, ...job.loggedParams };
}

function keysOf(jobs, field) {
  return [...new Set(jobs.flatMap((job) => Object.keys(field(job))))].sort();
}

/** The job with the highest (or lowest) numeric value of a metric, or null. */
export function best(jobs, metric, direction) {
  let found = null;
  for (const job of jobs) {
    const v = job.metrics[metric];
    if (typeof v === "number" && !Number.isNaN(v)
        && (found === null || (direction === "max" ? v > found.metrics[metric] : v < found.metrics[metric]))) {
      found = job;
    }
  }
  return found;
}

export async function comparePage(root, ctx, query) {
  const project = query.get("project");
  const sweep = query.get("sweep") || "";
  if (!project) {
    replace(root, h("h1", {}, "Compare"), h("p", {}, "Choose a project on the ", h("a", { href: "#/jobs" }, "jobs page"), " first."));
    return;
  }
  const { jobs, total } = await allJobs(project, sweep, ctx.signal);
  const paramKeys = keysOf(jobs, paramsOf);
  const metricKeys = keysOf(jobs, (job) => job.metrics);
  const state = {
    metric: query.get("metric") || metricKeys[0] || "",
    direction: query.get("direction") === "min" ? "min" : "max",
    param: query.get("param") || paramKeys[0] || "",
    ticked: new Set(),
  };
  const charts = [];
  ctx.onClose(() => charts.forEach((chart) => chart.destroy()));

  const select = (id, label, options, value, onchange) => {
    const element = h("select", { id, "aria-label": label, onchange: (event) => onchange(event.target.value) },
      options.map(([v, text]) => h("option", { value: v }, text)));
    element.value = value;
    return h("label", {}, label + " ", element);
  };
  const bestLine = h("p", { id: "best", role: "status" });
  const table = h("div", { class: "scroll" });
  const scatterBox = chartBox("metric against param");
  const curvesBox = chartBox("curves of the ticked jobs");
  const curvesNote = h("p", { class: "muted" });
  const parallelBox = chartBox("parallel coordinates");

  function remember() {
    history.replaceState(null, "", route("compare", { project, sweep, metric: state.metric, direction: state.direction, param: state.param }));
  }

  function showTable() {
    const winner = best(jobs, state.metric, state.direction);
    replace(bestLine, winner
      ? ["Best by ", h("strong", {}, state.metric), ` (${state.direction === "max" ? "highest" : "lowest"}): job `,
        jobLink(winner.id), " with ", h("strong", {}, format.value(winner.metrics[state.metric]))]
      : state.metric ? ["No job has a number for ", h("strong", {}, state.metric), " yet."] : "No job has logged a metric yet.");
    const header = h("tr", {}, h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Overlay")),
      h("th", { scope: "col" }, "Job"), h("th", { scope: "col" }, "Status"),
      paramKeys.map((key) => h("th", { scope: "col", class: "param" }, key)),
      metricKeys.map((key) => h("th", { scope: "col", class: key === state.metric ? "metric chosen" : "metric" }, key)));
    const rows = jobs.map((job) => {
      const box = h("input", { type: "checkbox", "aria-label": "Overlay job " + job.id, checked: state.ticked.has(job.id) });
      box.addEventListener("change", () => {
        if (box.checked) {
          state.ticked.add(job.id);
        } else {
          state.ticked.delete(job.id);
        }
        showCurves();
      });
      const isBest = winner && job.id === winner.id;
      return h("tr", { "data-job": job.id, class: isBest ? "best" : null, "aria-current": isBest ? "true" : null },
        h("td", {}, box), h("td", {}, jobLink(job.id), isBest ? h("span", { class: "best-mark", title: "best" }, " ★") : null),
        h("td", {}, stateBadge(job.state)),
        paramKeys.map((key) => h("td", { class: "num" }, format.value(paramsOf(job)[key]))),
        metricKeys.map((key) => h("td", { class: "num" }, format.value(job.metrics[key]))));
    });
    replace(table, h("table", { class: "compare" }, h("thead", {}, header), h("tbody", {}, rows)));
  }

  function showScatter() {
    charts.splice(0).forEach((chart) => chart.destroy());
    scatterBox.replaceChildren();
    const points = jobs.map((job) => [paramsOf(job)[state.param], job.metrics[state.metric]])
      .filter(([x, y]) => x !== undefined && typeof y === "number");
    if (!state.param || points.length === 0) {
      scatterBox.append(h("p", { class: "muted" }, "No job has both a value of the param and a number for the metric."));
      return;
    }
    const numeric = points.every(([x]) => typeof x === "number");
    const categories = numeric ? null : [...new Set(points.map(([x]) => format.value(x)))].sort();
    const xy = points.map(([x, y]) => [numeric ? x : categories.indexOf(format.value(x)), y]).sort((a, b) => a[0] - b[0]);
    charts.push(new Chart(scatterBox, { title: `${state.metric} against ${state.param}`, ...scatterOptions(state.param, state.metric, categories) },
      [xy.map(([x]) => x), xy.map(([, y]) => y)]));
  }

  function showParallel() {
    const winner = best(jobs, state.metric, state.direction);
    const drawing = state.metric && parallelCoordinates(jobs, paramKeys, state.metric, (job, key) => paramsOf(job)[key],
      winner ? winner.id : null);
    replace(parallelBox, h("figcaption", {}, "Every param and ", h("strong", {}, state.metric || "a metric"),
      ", one line per job (the best in black)"),
      drawing || h("p", { class: "muted" }, "No job has a number for the metric yet."));
  }

  let curvesChart = null;
  ctx.onClose(() => curvesChart?.destroy());
  async function showCurves() {
    curvesChart?.destroy();
    curvesChart = null;
    curvesBox.replaceChildren();
    const ids = [...state.ticked].slice(0, MAX_CURVES);
    curvesNote.textContent = ids.length === 0 ? "Tick jobs in the table to overlay their curves of " + state.metric + "."
      : state.ticked.size > MAX_CURVES ? `The first ${MAX_CURVES} ticked jobs are drawn.` : "";
    if (ids.length === 0 || !state.metric) {
      return;
    }
    const all = await Promise.all(ids.map((id) => api(jobPath(id, "/details"), { signal: ctx.signal })));
    const series = all.map((d) => metricSeries(d.metrics[state.metric] ?? [], "step"));
    curvesChart?.destroy();
    curvesChart = new Chart(curvesBox, {
      title: state.metric + " by step",
      scales: { x: { time: false } },
      axes: [{ label: "step" }, { label: state.metric, size: 60 }],
      series: [{ label: "step" }, ...ids.map((id, i) => ({ label: id, stroke: colour(i), width: 2, spanGaps: true }))],
    }, aligned(series));
  }

  function showAll() {
    remember();
    showTable();
    showScatter();
    showParallel();
    showCurves();
  }

  replace(root,
    h("div", { class: "title" }, h("h1", {}, "Compare ", h("span", {}, project), sweep ? [" · sweep ", h("code", {}, sweep)] : null),
      h("a", { class: "button", href: route("jobs", { project, sweep }) }, "Jobs")),
    total > jobs.length ? h("p", { class: "muted" }, `The first ${format.count(jobs.length)} of ${format.count(total)} jobs are compared.`) : null,
    h("form", { class: "filters", onsubmit: (event) => event.preventDefault() },
      select("metric", "Metric", metricKeys.map((k) => [k, k]), state.metric, (v) => { state.metric = v; showAll(); }),
      select("direction", "Best is", [["max", "highest"], ["min", "lowest"]], state.direction, (v) => { state.direction = v; showAll(); }),
      select("param", "Against param", paramKeys.map((k) => [k, k]), state.param, (v) => { state.param = v; showAll(); })),
    bestLine, table,
    h("section", { class: "charts" }, scatterBox, h("div", {}, curvesNote, curvesBox)),
    parallelBox);
  showAll();
}
