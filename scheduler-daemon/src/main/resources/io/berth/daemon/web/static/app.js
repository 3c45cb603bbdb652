// The dashboard's single page: routes by the URL's hash (#/jobs, #/jobs/<id>, #/compare?project=, #/queue,
// #/server). Each page is a function given a root element and a context whose timers, streams and requests are
// stopped when the page is left.
import { api, onConnection, connectionLost } from "./api.js";
import { h, replace } from "./dom.js";
import { jobsPage } from "./jobs.js";
import { jobPage } from "./job.js";
import { comparePage } from "./compare.js";
import { queuePage } from "./queue.js";
import { serverPage } from "./server.js";

const app = document.getElementById("app");
const status = document.getElementById("connection");

const ROUTES = [
  [/^jobs\/([^/]+)$/, (root, ctx, query, match) => jobPage(root, ctx, decodeURIComponent(match[1]))],
  [/^jobs$/, jobsPage],
  [/^compare$/, comparePage],
  [/^queue$/, queuePage],
  [/^server$/, serverPage],
];

/** What a page may start: all of it ends when the page is left. */
class PageContext {
  constructor() {
    this.controller = new AbortController();
    this.signal = this.controller.signal;
    this.closers = [];
  }

  /** Runs fn now and then every ms while the page shows and the tab is visible; a run waits for the last. */
  every(ms, fn) {
    let timer = null;
    const run = async () => {
      if (this.signal.aborted) {
        return;
      }
      if (!document.hidden) {
        try {
          await fn();
        } catch (error) {
          if (error.name !== "AbortError") {
            console.debug(error);
          }
        }
      }
      if (!this.signal.aborted) {
        timer = setTimeout(run, ms);
      }
    };
    this.onClose(() => clearTimeout(timer));
    return run();
  }

  onClose(fn) {
    this.closers.push(fn);
  }

  close() {
    this.controller.abort();
    this.closers.forEach((fn) => fn());
  }
}

let current = null;

function render() {
  current?.close();
  current = new PageContext();
  const hash = location.hash.replace(/^#\/?/, "") || "jobs";
  const [path, search] = hash.split("?", 2);
  const query = new URLSearchParams(search || "");
  const found = ROUTES.map(([pattern, page]) => [path.match(pattern), page]).find(([match]) => match);
  document.querySelectorAll("nav a").forEach((a) => {
    const section = a.getAttribute("href").slice(2);
    a.toggleAttribute("aria-current", path === section || path.startsWith(section + "/"));
  });
  const root = h("div", { class: "page" });
  replace(app, root);
  if (!found) {
    replace(root, h("h1", {}, "Not found"), h("p", {}, "There is no page here. ", h("a", { href: "#/jobs" }, "See the jobs.")));
    return;
  }
  const [match, page] = found;
  Promise.resolve(page(root, current, query, match)).catch((error) => {
    if (error.name !== "AbortError") {
      replace(root, h("p", { class: "error", role: "alert" }, error.message));
    }
  });
}

// The server went away: say so, look every 2 s, and show the page afresh when it is back.
onConnection((isLost) => {
  status.textContent = isLost ? "The server does not answer; trying again…" : "";
  status.className = isLost ? "lost" : "";
  if (isLost) {
    const probe = setInterval(async () => {
      try {
        await api("/status");
      } catch (error) {
        // still away
      }
      if (!connectionLost()) {
        clearInterval(probe);
        render();
      }
    }, 2000);
  }
});

// No stack trace ever reaches the page: an error nobody caught is a line in the console.
window.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  console.debug(event.reason);
});

async function showLogout() {
  try {
    const session = await api("/session");
    if (session.tokensRequired) {
      document.getElementById("logout").hidden = false;
    }
  } catch (error) {
    // the page says it already
  }
}

window.addEventListener("hashchange", render);
render();
showLogout();
