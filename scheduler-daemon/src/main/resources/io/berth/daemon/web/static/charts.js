// Charts, drawn by uPlot (from its WebJar, loaded by index.html as the global uPlot).
import { h } from "./dom.js";
import * as format from "./format.js";

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

export function colour(i) {
  return COLOURS[i % COLOURS.length];
}

function width(container) {
  return Math.max(280, Math.min(container.clientWidth || 600, 900) - 8);
}

/** A chart that follows its container's width; call update(data) with new data, destroy() when done. */
export class Chart {
  constructor(container, options, data) {
    this.container = container;
    this.options = options;
    this.plot = new uPlot({ width: width(container), height: 220, ...options }, data, container);
    this.resize = () => this.plot.setSize({ width: width(container), height: 220 });
    window.addEventListener("resize", this.resize);
  }

  update(data) {
    this.plot.setData(data);
  }

  destroy() {
    window.removeEventListener("resize", this.resize);
    this.plot.destroy();
  }
}

/** One metric of one job: its values against step, or against time (seconds since the epoch). */
export function metricSeries(points, against) {
  const numeric = points.filter((p) => typeof p.value === "number");
  const xs = numeric.map((p) => against === "time" ? Date.parse(p.time) / 1000 : p.step);
  return [xs, numeric.map((p) => p.value)];
}

export function metricOptions(key, against) {
  return {
    title: key,
    scales: { x: { time: against === "time" } },
    axes: [{ label: against === "time" ? "" : "step" }, { label: key, size: 60 }],
    series: [{ label: against }, { label: key, stroke: colour(0), width: 2, points: { show: true, size: 4 } }],
    legend: { live: true },
  };
}

/**
 * Several series on one x axis (uPlot wants one): xs is every x of any series, in order, and each series has a
 * value or null at each.
 */
export function aligned(seriesList) {
  const xs = [...new Set(seriesList.flatMap(([x]) => x))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  return [xs, ...seriesList.map(([x, y]) => {
    const ys = new Array(xs.length).fill(null);
    x.forEach((xi, i) => { ys[at.get(xi)] = y[i]; });
    return ys;
  })];
}

/** Points without lines: a metric against a param, one point per job. */
export function scatterOptions(xLabel, yLabel, categories) {
  return {
    scales: { x: { time: false } },
    axes: [
      { label: xLabel, values: categories ? (u, ticks) => ticks.map((t) => categories[t] ?? "") : undefined },
      { label: yLabel, size: 60 },
    ],
    series: [{ label: xLabel, value: (u, v) => categories ? categories[v] ?? "" : format.value(v) },
      { label: yLabel, stroke: colour(0), fill: colour(0), paths: () => null, points: { show: true, size: 8, fill: colour(0) } }],
  };
}

/** A place to put a chart, with a line that says why there is none. */
export function chartBox(label) {
  return h("figure", { class: "chart", "aria-label": label });
}
