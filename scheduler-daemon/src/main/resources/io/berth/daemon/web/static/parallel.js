// Parallel coordinates of a sweep: one vertical axis per param and one for the chosen metric, one line per job
// through its values, coloured by the metric, the best job drawn on top. Plain SVG made with createElementNS:
// names and values go in as text, never as markup.
import * as format from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const HEIGHT = 300;
const PAD = { top: 34, right: 40, bottom: 24, left: 40 };

function svg(name, attributes = {}, text = null) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, String(value));
  }
  if (text !== null) {
    element.textContent = text;
  }
  return element;
}

/**
 * How one axis places a value between 0 (bottom) and 1 (top): linear, logarithmic for positive numbers that
 * span two orders of magnitude or more (learning rates), or evenly spaced categories for text.
 */
function axis(key, values) {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length > 0 && present.every((v) => typeof v === "number" && Number.isFinite(v))) {
    const min = Math.min(...present);
    const max = Math.max(...present);
    const log = min > 0 && max / min >= 100;
    const f = log ? Math.log10 : (v) => v;
    const span = f(max) - f(min);
    return { key, log, min, max, place: (v) => (typeof v === "number" ? (span === 0 ? 0.5 : (f(v) - f(min)) / span) : null) };
  }
  const categories = [...new Set(present.map((v) => format.value(v)))].sort();
  const n = categories.length;
  return {
    key, categories,
    place: (v) => (v === undefined || v === null ? null : n === 1 ? 0.5 : categories.indexOf(format.value(v)) / (n - 1)),
  };
}

/**
 * @param jobs    the jobs compared, each with {id, params, metrics}
 * @param params  param keys, each an axis, in order
 * @param metric  the metric of the last axis, which also colours the lines
 * @param valueOf (job, key) → the job's value of a param
 * @param bestId  the best job's id, drawn on top and thicker, or null
 * @returns an <svg class="parallel">, or null when fewer than two axes would have values
 */
export function parallelCoordinates(jobs, params, metric, valueOf, bestId) {
  const withMetric = jobs.filter((job) => typeof job.metrics[metric] === "number");
  const hasValues = (key) => withMetric.some((job) => valueOf(job, key) !== undefined && valueOf(job, key) !== null);
  const axes = params.filter(hasValues).map((key) => axis(key, withMetric.map((job) => valueOf(job, key))))
    .concat([axis(metric, withMetric.map((job) => job.metrics[metric]))]);
  if (withMetric.length === 0 || axes.length < 2) {
    return null;
  }
  const x = (i) => PAD.left + (i * (WIDTH - PAD.left - PAD.right)) / (axes.length - 1);
  const y = (t) => PAD.top + (1 - t) * (HEIGHT - PAD.top - PAD.bottom);
  const root = svg("svg", { class: "parallel", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img",
    "aria-label": `Parallel coordinates of ${params.join(", ")} and ${metric}` });

  const metricAxis = axes[axes.length - 1];
  const ordered = withMetric.filter((job) => job.id !== bestId).concat(withMetric.filter((job) => job.id === bestId));
  for (const job of ordered) {
    const points = axes.map((a, i) => {
      const t = a.place(i === axes.length - 1 ? job.metrics[metric] : valueOf(job, a.key));
      return t === null ? null : `${x(i).toFixed(1)},${y(t).toFixed(1)}`;
    }).filter((p) => p !== null);
    const heat = metricAxis.place(job.metrics[metric]) ?? 0.5;
    const line = svg("polyline", {
      points: points.join(" "), fill: "none", "data-job": job.id,
      class: job.id === bestId ? "best" : "",
      stroke: job.id === bestId ? "#111" : `hsl(${Math.round(220 - 200 * heat)}, 70%, 45%)`,
      "stroke-width": job.id === bestId ? 3 : 1.2, "stroke-opacity": job.id === bestId ? 1 : 0.6,
    });
    line.append(svg("title", {}, `${job.id}: ${metric} ${format.value(job.metrics[metric])}`));
    root.append(line);
  }
  axes.forEach((a, i) => {
    root.append(svg("line", { x1: x(i), x2: x(i), y1: y(0), y2: y(1), stroke: "#555", "stroke-width": 1 }));
    root.append(svg("text", { x: x(i), y: 14, "text-anchor": "middle", "font-weight": "bold", "font-size": 12 }, a.key));
    const top = a.categories ? a.categories[a.categories.length - 1] : format.value(a.max) + (a.log ? " (log)" : "");
    const bottom = a.categories ? a.categories[0] : format.value(a.min);
    root.append(svg("text", { x: x(i), y: PAD.top - 4, "text-anchor": "middle", "font-size": 10 }, top));
    root.append(svg("text", { x: x(i), y: HEIGHT - 8, "text-anchor": "middle", "font-size": 10 }, bottom));
  });
  return root;
}
