// The server: version, uptime, the engine, what jobs hold of its slots, CPUs, memory and GPUs, and its agents.
import { api } from "./api.js";
import { h, replace } from "./dom.js";
import * as format from "./format.js";

function resourceRows(status) {
  const { capacity, inUse } = status;
  const row = (name, used, total, show) => h("tr", {}, h("th", { scope: "row" }, name),
    h("td", { class: "num" }, show(used)), h("td", { class: "num" }, show(Math.max(0, total - used))), h("td", { class: "num" }, show(total)),
    h("td", {}, h("meter", { min: 0, max: total || 1, value: used, "aria-label": name + " in use" })));
  return [
    row("Slots", inUse.slots, capacity.slots, String),
    row("CPUs", inUse.cpus, capacity.cpus, (n) => format.value(Math.round(n * 100) / 100)),
    row("Memory", inUse.memoryBytes, capacity.memoryBytes, format.bytes),
    row("GPUs", inUse.gpus.length, capacity.gpus.length, String),
  ];
}

function agentsTable(agents) {
  const labels = (l) => Object.keys(l).sort().map((k) => k + "=" + l[k]).join(", ") || "—";
  return h("div", { class: "scroll" }, h("table", { class: "agents" },
    h("thead", {}, h("tr", {}, ["Agent", "State", "Last heartbeat", "Slots in use", "CPUs", "Memory", "GPUs", "Labels"]
      .map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, agents.map((a) => h("tr", {},
      h("th", { scope: "row" }, a.name),
      h("td", {}, a.state === "ready" ? a.state : h("span", { class: "error" }, a.state)),
      h("td", {}, format.ago(a.lastSeen)),
      h("td", { class: "num" }, (a.running || 0) + " / " + a.capacity.slots),
      h("td", { class: "num" }, format.value(a.capacity.cpus)),
      h("td", { class: "num" }, format.bytes(a.capacity.memoryBytes)),
      h("td", {}, a.capacity.gpus.join(", ") || "none"),
      h("td", {}, labels(a.labels || {})))))));
}

export async function serverPage(root, ctx) {
  const box = h("div", {});
  replace(root, h("h1", {}, "Server"), box);
  await ctx.every(5000, async () => {
    const status = await api("/status", { signal: ctx.signal });
    const used = new Set(status.inUse.gpus);
    replace(box,
      h("dl", { class: "facts" },
        h("dt", {}, "Version"), h("dd", { id: "version" }, status.version),
        h("dt", {}, "Up"), h("dd", {}, status.startedAt ? format.duration(Date.now() - Date.parse(status.startedAt)) + " (since " + format.time(status.startedAt) + ")" : "—"),
        h("dt", {}, "Jobs"), h("dd", {}, `${status.running} running, ${status.queued} queued`),
        h("dt", {}, "Docker engine"), h("dd", {}, status.docker ? [status.docker.host, " ", status.docker.answering ? "(answering)" : h("span", { class: "error" }, "(not answering: no job starts)")] : "—"),
        h("dt", {}, "Redis"), h("dd", {}, status.redis),
        h("dt", {}, "Data"), h("dd", {}, h("code", {}, status.dataDir))),
      h("h2", {}, "Capacity"),
      h("div", { class: "scroll" }, h("table", { class: "capacity" },
        h("thead", {}, h("tr", {}, ["", "In use", "Free", "Total", ""].map((label) => h("th", { scope: "col" }, label)))),
        h("tbody", {}, resourceRows(status)))),
      h("h2", {}, "GPUs"),
      status.capacity.gpus.length === 0 ? h("p", { class: "muted" }, "This server has no GPUs to give jobs.")
        : h("ul", { class: "gpus" }, status.capacity.gpus.map((id) => h("li", { class: used.has(id) ? "in-use" : "free" },
          h("code", {}, id), used.has(id) ? " in use" : " free"))),
      h("h2", {}, "Agents"),
      (status.agents || []).length === 0
        ? h("p", { class: "muted" }, "No agent has joined this server (docs/cluster.md: berth agent start on another Docker host).")
        : agentsTable(status.agents));
  });
}
