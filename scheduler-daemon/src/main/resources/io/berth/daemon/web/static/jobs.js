// The jobs page: every job, a page at a time, filtered, searched and sorted by the server
// (GET /pages/jobs), and looked at again every 2 s so that rows change as jobs run.
import { api } from "./api.js";
import { h, replace, route, jobLink, stateBadge } from "./dom.js";
import * as format from "./format.js";

const STATES = ["queued", "starting", "running", "completed", "failed", "stopped"];
const SIZES = [25, 50, 100, 200];
/** How many param and metric keys get columns of their own: the first ones found on the page. */
const MAX_KEY_COLUMNS = 4;

const FIXED_COLUMNS = [
  { sort: null, label: "Job", cell: (job) => jobLink(job.id) },
  { sort: "status", label: "Status", cell: (job) => stateBadge(job.state) },
  { sort: "project", label: "Project", cell: (job) => job.project },
  { sort: "sweep", label: "Sweep", cell: (job) => job.sweepId ? h("a", { href: route("compare", { project: job.project, sweep: job.sweepId }) }, job.sweepId) : "" },
  { sort: null, label: "Command", cell: (job) => h("code", {}, job.command.join(" ")) },
];
const TIME_COLUMNS = [
  { sort: "created", label: "Submitted", cell: (job) => h("time", { datetime: job.createdAt, title: format.time(job.createdAt) }, format.ago(job.createdAt)) },
  { sort: "duration", label: "Ran", cell: (job) => format.runTime(job), numeric: true },
  { sort: "exit", label: "Exit", cell: (job) => job.exitCode ?? "", numeric: true },
  { sort: null, label: "Reason", cell: (job) => job.reason ?? "", class: "reason" },
];

export async function jobsPage(root, ctx, query) {
  const state = {
    project: query.get("project") || "",
    sweep: query.get("sweep") || "",
    state: query.get("state") || "",
    q: query.get("q") || "",
    sort: query.get("sort") || "created",
    order: query.get("order") || "desc",
    offset: Number(query.get("offset")) || 0,
    limit: SIZES.includes(Number(query.get("limit"))) ? Number(query.get("limit")) : 50,
  };
  const projects = await api("/projects", { signal: ctx.signal });

  const projectSelect = h("select", { id: "filter-project", "aria-label": "Project" },
    h("option", { value: "" }, "All projects"),
    projects.map((p) => h("option", { value: p.project }, `${p.project} (${format.count(p.jobs)})`)));
  const sweepSelect = h("select", { id: "filter-sweep", "aria-label": "Sweep" });
  const stateSelect = h("select", { id: "filter-state", "aria-label": "Status" },
    h("option", { value: "" }, "Any status"),
    h("option", { value: "queued,starting,running" }, "active"),
    STATES.map((s) => h("option", { value: s }, s)));
  const search = h("input", { id: "filter-q", type: "search", placeholder: "Search id, command, params…", "aria-label": "Search" });
  const compare = h("a", { class: "button", id: "compare" }, "Compare");
  const table = h("div", { class: "scroll" });
  const pager = h("div", { class: "pager" });
  const summary = h("p", { class: "muted", role: "status" });
  projectSelect.value = state.project;
  stateSelect.value = state.state;
  search.value = state.q;

  function fillSweeps() {
    const project = projects.find((p) => p.project === state.project);
    replace(sweepSelect, h("option", { value: "" }, "All sweeps"),
      (project?.sweeps ?? []).map((s) => h("option", { value: s.id }, `${s.id} (${format.count(s.jobs)})`)));
    sweepSelect.value = state.sweep;
    sweepSelect.disabled = !project;
    compare.hidden = !project;
    compare.href = route("compare", { project: state.project, sweep: state.sweep });
  }

  let shown = "";
  async function load() {
    const search = new URLSearchParams({ offset: state.offset, limit: state.limit, sort: state.sort, order: state.order });
    for (const name of ["project", "sweep", "state", "q"]) {
      if (state[name]) {
        search.set(name, state[name]);
      }
    }
    const page = await api("/pages/jobs?" + search, { signal: ctx.signal });
    // the same rows under a new sort still need the header redrawn (its arrow and aria-sort)
    const text = search + JSON.stringify(page);
    if (text !== shown) { // unchanged rows stay as they are: focus and selection are kept
      shown = text;
      showPage(page);
    }
  }

  function changed(resetOffset = true) {
    if (resetOffset) {
      state.offset = 0;
    }
    history.replaceState(null, "", route("jobs", {
      ...state, offset: state.offset || "", limit: state.limit === 50 ? "" : state.limit,
      sort: state.sort === "created" ? "" : state.sort, order: state.order === "desc" ? "" : state.order,
    }));
    fillSweeps();
    load().catch(showError);
  }

  function showError(error) {
    if (error.name !== "AbortError") {
      replace(summary, h("span", { class: "error", role: "alert" }, error.message));
    }
  }

  function sortButton(column) {
    if (!column.sort) {
      return column.label;
    }
    const active = state.sort === column.sort;
    return h("button", {
      type: "button", class: "sort", "data-sort": column.sort,
      title: "Sort by " + column.label,
      onclick: () => {
        state.order = active && state.order === "desc" ? "asc" : "desc";
        state.sort = column.sort;
        changed();
      },
    }, column.label, active ? (state.order === "desc" ? " ▼" : " ▲") : "");
  }

  function showPage(page) {
    const keys = (field) => [...new Set(page.jobs.flatMap((job) => Object.keys(field(job))))].slice(0, MAX_KEY_COLUMNS);
    const paramOf = (job) => ({ ...job.params, ...job.loggedParams });
    const columns = [
      ...FIXED_COLUMNS,
      ...keys(paramOf).map((key) => ({ sort: "param:" + key, label: key, cell: (job) => format.value(paramOf(job)[key]), numeric: true, class: "param" })),
      ...keys((job) => job.metrics).map((key) => ({ sort: "metric:" + key, label: key, cell: (job) => format.value(job.metrics[key]), numeric: true, class: "metric" })),
      ...TIME_COLUMNS,
    ];
    const header = h("tr", {}, columns.map((column) => h("th", {
      scope: "col", class: column.class,
      "aria-sort": state.sort === column.sort ? (state.order === "desc" ? "descending" : "ascending") : null,
    }, sortButton(column))));
    // the table is drawn anew: a sort button that had the focus keeps it, so the keyboard can sort again
    const focused = table.contains(document.activeElement) ? document.activeElement.dataset.sort : undefined;
    const rows = page.jobs.map((job) => h("tr", { "data-job": job.id, class: "state-row-" + job.state },
      columns.map((column) => h("td", { class: [column.class, column.numeric ? "num" : ""].join(" ").trim() || null }, column.cell(job)))));
    replace(table, h("table", { class: "jobs" }, h("thead", {}, header),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: columns.length, class: "muted" },
        state.project || state.state || state.q ? "No job matches." : "No jobs yet: submit one with 'berth submit scheduler . main.py'.")))));
    if (focused) {
      table.querySelector(`button[data-sort="${CSS.escape(focused)}"]`)?.focus();
    }
    const last = Math.min(page.offset + page.jobs.length, page.total);
    summary.textContent = page.total === 0 ? "" : `${format.count(page.offset + 1)}–${format.count(last)} of ${format.count(page.total)} jobs`;
    replace(pager,
      h("button", { type: "button", disabled: page.offset === 0, onclick: () => { state.offset = Math.max(0, state.offset - state.limit); changed(false); } }, "← Newer"),
      h("button", { type: "button", disabled: last >= page.total, onclick: () => { state.offset += state.limit; changed(false); } }, "Older →"),
      h("label", {}, "Rows ", h("select", {
        "aria-label": "Rows per page",
        onchange: (event) => { state.limit = Number(event.target.value); changed(); },
      }, SIZES.map((n) => h("option", { value: n, selected: n === state.limit }, n)))));
    performance.mark("berth:jobs-shown");
  }

  projectSelect.addEventListener("change", () => { state.project = projectSelect.value; state.sweep = ""; changed(); });
  sweepSelect.addEventListener("change", () => { state.sweep = sweepSelect.value; changed(); });
  stateSelect.addEventListener("change", () => { state.state = stateSelect.value; changed(); });
  let typing = null;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.q = search.value.trim(); changed(); }, 250);
  });
  ctx.onClose(() => clearTimeout(typing));

  fillSweeps();
  replace(root,
    h("div", { class: "title" }, h("h1", {}, "Jobs"), compare),
    h("form", { class: "filters", role: "search", onsubmit: (event) => event.preventDefault() },
      projectSelect, sweepSelect, stateSelect, search),
    summary, table, pager);
  await ctx.every(2000, () => load().catch(showError));
}
