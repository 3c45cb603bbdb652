// Building the page. Strings become text nodes, never markup: whatever a job wrote (a param, a tag, a log line,
// an artifact's name) can only ever show as text. No code here sets innerHTML.

/** An element: h("a", {href: "#/jobs", class: "x", onclick: f}, "text", child, [more]). */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith("on")) {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = value;
    } else if (typeof value === "boolean") {
      element.toggleAttribute(name, value);
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Adds children (nodes, strings, numbers, arrays of them; null and false are skipped). */
export function append(element, children) {
  for (const child of [children].flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

/** Replaces what an element holds. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** A link within the dashboard: #/path?query, its parts percent-encoded. */
export function route(path, query) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== null && value !== undefined && value !== "") {
      search.set(name, value);
    }
  }
  const text = search.toString();
  return "#/" + path + (text ? "?" + text : "");
}

/** The link to one job's page. */
export function jobLink(id, text) {
  return h("a", { href: route("jobs/" + encodeURIComponent(id)), class: "id" }, text ?? id);
}

/** A state as a coloured word. */
export function stateBadge(state) {
  return h("span", { class: "state state-" + state }, state);
}

/** A button that is disabled while its action runs, and says what went wrong next to it. */
export function actionButton(label, action, props) {
  const message = h("span", { class: "error", role: "alert" });
  const button = h("button", { type: "button", ...props }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    message.textContent = "";
    try {
      await action();
    } catch (error) {
      message.textContent = error.message;
    } finally {
      button.disabled = false;
    }
  });
  return h("span", { class: "action" }, button, message);
}
