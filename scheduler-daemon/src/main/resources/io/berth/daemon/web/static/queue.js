// The queue in the order the server will start it, why each job waits, moving one to the front, clearing it.
import { api, jobPath } from "./api.js";
import { h, replace, jobLink, stateBadge, actionButton } from "./dom.js";
import * as format from "./format.js";

// The next jobs only: a queue of 100,000 would be tens of megabytes, refreshed every 2 s.
const SHOWN = 200;

export async function queuePage(root, ctx) {
  const table = h("div", { class: "scroll" });
  const summary = h("p", { role: "status" });
  let shown = "";

  async function load() {
    const page = await api(`/pages/queue?limit=${SHOWN}`, { signal: ctx.signal });
    const queue = page.entries;
    const text = JSON.stringify(page);
    if (text === shown) {
      return;
    }
    shown = text;
    summary.textContent = page.total === 0 ? "The queue is empty."
      : `${format.count(page.total)} queued.` + (page.total > queue.length ? ` The next ${format.count(queue.length)} are shown.` : "");
    clear.hidden = queue.length === 0;
    replace(table, queue.length === 0 ? null : h("table", { class: "queue" },
      h("thead", {}, h("tr", {}, ["#", "Job", "Status", "Project", "Priority", "Needs", "Waiting", "Why", ""].map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, queue.map((entry) => h("tr", { "data-job": entry.job.id },
        h("td", { class: "num" }, entry.place),
        h("td", {}, jobLink(entry.job.id)),
        h("td", {}, stateBadge(entry.job.state)),
        h("td", {}, entry.job.project),
        h("td", { class: "num" }, entry.job.requests.priority ?? 0),
        h("td", {}, format.requests(entry.job.requests) || "a slot"),
        h("td", {}, format.ago(entry.job.createdAt)),
        h("td", { class: "reason" }, entry.reason),
        h("td", {}, entry.job.state === "queued" && entry.place > 1
          ? actionButton("Move to front", async () => {
            await api(jobPath(entry.job.id, "/move"), { method: "POST", body: { toFront: true } });
            await load();
          }, { class: "move" }) : null))))));
  }

  const clear = actionButton("Clear queue…", async () => {
    const count = (await api("/pages/queue?limit=1", { signal: ctx.signal })).total;
    if (confirm(`Stop all ${count} queued jobs? Running jobs go on.`)) {
      const result = await api("/queue", { method: "DELETE" });
      shown = "";
      await load();
      summary.textContent = `Stopped ${format.count(result.removed)} queued jobs. ` + summary.textContent;
    }
  }, { id: "clear-queue", class: "danger" });

  replace(root, h("div", { class: "title" }, h("h1", {}, "Queue"), clear), summary, table);
  await ctx.every(2000, () => load().catch((error) => {
    summary.textContent = error.message;
  }));
}
