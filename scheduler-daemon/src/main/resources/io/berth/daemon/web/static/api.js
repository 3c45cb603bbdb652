// Talking to the server's API from the page: JSON both ways, the header that marks a request as the dashboard's
// (the server refuses cookie-authenticated changes without it), the login page when the session is gone, and
// the connection line in the header while the server does not answer.

export const BASE = "/api/v1";

/** What went wrong, as the server said it (its ApiError's message), or that it did not answer. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const listeners = new Set();
let lost = false;

/** Calls back with true when the server stops answering and false when it answers again. */
export function onConnection(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function connectionLost() {
  return lost;
}

function connection(isLost) {
  if (lost !== isLost) {
    lost = isLost;
    listeners.forEach((listener) => listener(isLost));
  }
}

export function toLogin() {
  location.assign("/login?next=" + encodeURIComponent("/" + location.hash));
}

export async function api(path, { method = "GET", body, signal } = {}) {
  const headers = { "Accept": "application/json", "X-Berth-Request": "1" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, signal, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error.name === "AbortError") {
      throw error;
    }
    connection(true);
    throw new ApiError(0, "unreachable", "The server does not answer.");
  }
  if (response.status === 401) {
    toLogin();
    throw new ApiError(401, "unauthorized", "Log in again.");
  }
  const unavailable = response.status === 502 || response.status === 503 || response.status === 504;
  connection(unavailable);
  if (response.status === 204) {
    return null;
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, json?.code ?? "error",
      json?.message ?? `The server answered ${response.status} ${response.statusText}.`);
  }
  return json;
}

/** The path of a job's resource: /jobs/<id>/... */
export function jobPath(id, rest = "") {
  return "/jobs/" + encodeURIComponent(id) + rest;
}
